;; The class arg-max of a YOLOv8-style output, four anchors per instruction (WebAssembly SIMD).
;; Source of the bytes in src/postprocess/class-argmax-simd.ts; rebuild with tools/wasm/build.mjs.
;;
;; fill(best, cls, rowBytes, thr): sets ceil(n / 8) * 8 float32 at `best` to thr and as many int32 at
;;   `cls` to 0 (rowBytes = n * 4; thr = the largest float32 <= the score threshold).
;; argmax(rows, best, cls, k0, nc, rowBytes): folds nc class rows, one after another at `rows`, each
;;   rowBytes long (n float32 scores), into best/cls; the first of them is class k0. Called once per
;;   chunk of rows, so that the caller can copy a chunk that stays in the cache while it is read.
;; A score replaces the anchor's best only when strictly greater (f32x4.gt: NaN never wins, the first
;; maximum wins ties), so best[i] > thr exactly when anchor i has a class above the threshold.
;; Eight anchors per step: the last step of a row may read up to 28 bytes past it (the next row, or
;; the padding the caller leaves after the last row) into lanes >= n, which the caller ignores.
(module
  (memory (export "memory") 1)
  (func (export "fill") (param $best i32) (param $cls i32) (param $rowBytes i32) (param $thr f32)
    (local $i i32) (local $b0 v128)
    (local.set $b0 (f32x4.splat (local.get $thr)))
    (block $filled (loop $fill
      (br_if $filled (i32.ge_u (local.get $i) (local.get $rowBytes)))
      (v128.store (i32.add (local.get $best) (local.get $i)) (local.get $b0))
      (v128.store offset=16 (i32.add (local.get $best) (local.get $i)) (local.get $b0))
      (v128.store (i32.add (local.get $cls) (local.get $i)) (v128.const i32x4 0 0 0 0))
      (v128.store offset=16 (i32.add (local.get $cls) (local.get $i)) (v128.const i32x4 0 0 0 0))
      (local.set $i (i32.add (local.get $i) (i32.const 32)))
      (br $fill))))
  (func (export "argmax") (param $rows i32) (param $best i32) (param $cls i32) (param $k0 i32) (param $nc i32) (param $rowBytes i32)
    (local $k i32) (local $i i32) (local $p i32)
    (local $v0 v128) (local $v1 v128) (local $b0 v128) (local $b1 v128) (local $m0 v128) (local $m1 v128) (local $kv v128)
    (local.set $p (local.get $rows))
    (block $rowsDone (loop $row
      (br_if $rowsDone (i32.ge_u (local.get $k) (local.get $nc)))
      (local.set $kv (i32x4.splat (i32.add (local.get $k0) (local.get $k))))
      (local.set $i (i32.const 0))
      (block $colsDone (loop $col
        (br_if $colsDone (i32.ge_u (local.get $i) (local.get $rowBytes)))
        (local.set $v0 (v128.load (i32.add (local.get $p) (local.get $i))))
        (local.set $v1 (v128.load offset=16 (i32.add (local.get $p) (local.get $i))))
        (local.set $b0 (v128.load (i32.add (local.get $best) (local.get $i))))
        (local.set $b1 (v128.load offset=16 (i32.add (local.get $best) (local.get $i))))
        (local.set $m0 (f32x4.gt (local.get $v0) (local.get $b0)))
        (local.set $m1 (f32x4.gt (local.get $v1) (local.get $b1)))
        ;; one branch per eight scores, taken only where a score beats its anchor's best
        (if (v128.any_true (v128.or (local.get $m0) (local.get $m1))) (then
          (v128.store (i32.add (local.get $best) (local.get $i)) (v128.bitselect (local.get $v0) (local.get $b0) (local.get $m0)))
          (v128.store offset=16 (i32.add (local.get $best) (local.get $i)) (v128.bitselect (local.get $v1) (local.get $b1) (local.get $m1)))
          (v128.store (i32.add (local.get $cls) (local.get $i))
            (v128.bitselect (local.get $kv) (v128.load (i32.add (local.get $cls) (local.get $i))) (local.get $m0)))
          (v128.store offset=16 (i32.add (local.get $cls) (local.get $i))
            (v128.bitselect (local.get $kv) (v128.load offset=16 (i32.add (local.get $cls) (local.get $i))) (local.get $m1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $col)))
      (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $row)))))
