// The labelled dataset `evaluate()` runs on (docs/contracts.md, contract 6): image files with their ground truth,
// class names, and what was wrong with the labels. Images stay Files (handles): nothing is decoded here.

/** What can be wrong with a dataset's labels; none of them stops an evaluation. */
export const LABEL_ISSUE_KINDS = [
  'unparsable-line', // a YOLO line that is not `class cx cy w h` (or a polygon), or a bad COCO annotation
  'class-out-of-range', // a class id >= the number of classes (the dataset's names, else the model's)
  'image-without-labels', // no label file / no COCO entry: scored as a background image (no objects)
  'label-without-image', // a label file (or COCO image entry) with no image beside it: not scored
  'unreadable-image', // the image file could not be decoded: not scored
] as const;

/** One of {@link LABEL_ISSUE_KINDS}. */
export type LabelIssueKind = (typeof LABEL_ISSUE_KINDS)[number];

/** One problem found in the labels, with where it is. */
export interface LabelIssue {
  kind: LabelIssueKind;
  /** Path of the file concerned (label, image or COCO JSON). */
  file: string;
  /** 1-based line of a label file, when the issue is one line. */
  line?: number;
  /** What was found, in words. */
  message: string;
}

/**
 * Ground truth of one image. YOLO labels are normalised (0..1 of the image size, unknown until the
 * image is decoded); COCO labels are in pixels.
 */
export interface ImageLabels {
  /** Class index per object (0-based, contiguous). */
  classes: number[];
  /** x1, y1, x2, y2 per object, flat. */
  boxes: number[];
  /** true: boxes are fractions of the image size; false: pixels. */
  normalized: boolean;
  /** Label file lines behind each object (1-based; COCO: the annotation's index), for issue reports. */
  lines: number[];
  /** Path of the label file (or COCO JSON) the objects came from; '' when the image has none. */
  source: string;
}

/** One image to score. */
export interface DatasetImage {
  /** Path of the image inside the dropped folder (the report's image name). */
  name: string;
  /** The image file; decoded only when it is evaluated. */
  file: Blob;
  /** Its ground truth; `null` when it has no label file (a background image). */
  labels: ImageLabels | null;
}

/** A labelled dataset, as {@link datasetFromFiles} reads it. */
export interface Dataset {
  /** YOLO `.txt` labels, or a COCO `instances*.json`. */
  format: 'yolo' | 'coco';
  /** Images in path order. */
  images: DatasetImage[];
  /** Class names from `data.yaml`, `classes.txt` or the COCO categories; empty when none were found. */
  names: string[];
  /** Where the names came from (a path), or '' when none were found. */
  namesSource: string;
  /** Problems found while reading (more can be added by `evaluate`: class ranges, unreadable images). */
  issues: LabelIssue[];
}
