// A worker whose script fails while starting (as when its file is missing on the server).
throw new Error('worker script failed to evaluate');
