// Camera access for the `camera` attribute: getUserMedia with errors a person can act on.

import { InputError } from '../../postprocess/index.js';

/** Opens the default camera; throws InputError when it is absent, denied or busy. */
export async function openCamera(constraints: MediaTrackConstraints = { facingMode: 'environment' }): Promise<MediaStream> {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.getUserMedia) {
    throw new InputError('No camera API here: the camera needs a secure context (https or localhost) in a browser with getUserMedia.');
  }
  try {
    return await devices.getUserMedia({ video: constraints, audio: false });
  } catch (cause) {
    const name = (cause as DOMException).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new InputError('Camera permission was denied. Allow camera access for this page and set the camera attribute again.', { cause });
    }
    if (name === 'NotFoundError' || name === 'OverconstrainedError') {
      throw new InputError('No camera was found on this device.', { cause });
    }
    if (name === 'NotReadableError' || name === 'AbortError') {
      throw new InputError('The camera is in use by another application or could not start.', { cause });
    }
    throw new InputError(`The camera could not be opened (${(cause as Error).message}).`, { cause });
  }
}

/** Stops every track of a stream. */
export function closeCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}
