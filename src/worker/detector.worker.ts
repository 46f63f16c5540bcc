// The worker entry: wiring only. The engine lives in engine.ts.
import { expose } from 'comlink';
import { Engine } from './engine.js';
import { holdLivenessLock } from './liveness.js';

holdLivenessLock(self); // before expose: the handshake is not a Comlink message
expose(new Engine());
