// A video thread that starts (says 'ready') and then dies on its first job: an uncaught error, as a
// thread that runs out of memory opening a huge file would.
self.postMessage({ type: 'ready' });
self.onmessage = () => {
  throw new Error('the video thread ran out of memory');
};
export {};
