// Files of a dropped folder with their paths: a drop gives FileSystemEntry trees (a plain File from a
// drop has only its name), walked here into {path, file} pairs for datasetFromFiles().
import type { DatasetFile } from '../../src/index.js';

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: DatasetFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call: read until it returns none
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, out);
  }
}

/** Every file of the folders and files dropped, with its path inside the drop. */
export async function filesFromDrop(data: DataTransfer): Promise<DatasetFile[]> {
  // entries must be taken synchronously, before the first await (the DataTransfer empties after);
  // items without an entry (a DataTransfer made by script) are taken as loose files
  const items = [...data.items].filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry());
  const loose = items.map((item, k) => (entries[k] ? null : item.getAsFile())).filter((f): f is File => f !== null);
  const out: DatasetFile[] = loose.map((file) => ({ path: file.name, file }));
  for (const entry of entries) if (entry) await walk(entry, out);
  return out;
}
