// The worker entry: wiring only. The engine lives in engine.ts.
import { expose } from 'comlink';
import { Engine } from './engine.js';

expose(new Engine());
