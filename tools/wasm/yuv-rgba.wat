;; YUV 4:2:0 (I420's three planes, or NV12's Y plane and interleaved UV) to RGBA, with the integer
;; arithmetic of libyuv's I420ToABGR / NV12ToABGR (src/worker/yuv-to-rgba.ts, whose JS definition
;; is the reference), which is what Chromium's VideoFrame.copyTo(RGBA) and its canvas draw compute for
;; the frames of a software video decoder. Per pixel, with Y, U, V bytes and the six constants of
;; the frame's matrix and range (libyuv's YuvConstants: ub, ug, vg, vr, yg, yb):
;;   y1 = ((Y · 257 · yg) >>> 16) + yb;  u = U − 128;  v = V − 128
;;   R = clamp((y1 + v·vr) >> 6),  G = clamp((y1 − (u·ug + v·vg)) >> 6),  B = clamp((y1 + u·ub) >> 6)
;; clamp to 0..255, alpha 255. Each chroma sample serves a 2x2 block of pixels (no interpolation).
;; Sixteen pixels per SIMD step, in 16-bit lanes with saturating adds: a sum beyond the 16-bit range
;; clamps to the same byte as the exact sum would, so the bytes equal the 32-bit definition's. The
;; pixels after the last whole step of a row are done one at a time.
;;
;; Arguments are byte addresses in this module's memory, laid out by the caller:
;;   y, ystride        the luma plane
;;   u, v, cstride     the chroma rows of U and V; cstep 1 for planes (I420), 2 for NV12's UV (v = u + 1)
;;   dst               width · height · 4 bytes of RGBA, rows packed
;; Chroma is read up to 16 bytes past a row's last sample used (NV12's step): the caller leaves slack.
(module
  (memory (export "memory") 1)

  (func (export "convert")
        (param $y i32) (param $ystride i32) (param $u i32) (param $v i32) (param $cstride i32) (param $cstep i32)
        (param $dst i32) (param $w i32) (param $h i32)
        (param $ub i32) (param $ug i32) (param $vg i32) (param $vr i32) (param $yg i32) (param $yb i32)
    (local $row i32) (local $x i32) (local $yp i32) (local $up i32) (local $vp i32) (local $out i32)
    (local $Y v128) (local $U v128) (local $V v128) (local $R v128) (local $G v128) (local $B v128)
    (local $r16 v128) (local $g16 v128) (local $b16 v128) (local $rg v128) (local $ba v128)
    (local $ygv v128) (local $ybv v128) (local $ubv v128) (local $ugv v128) (local $vgv v128) (local $vrv v128)
    (local $c128 v128) (local $alpha v128)
    (local $yl v128) (local $ul v128) (local $vl v128) (local $y1 v128) (local $half i32)
    (local $yb1 i32) (local $ub1 i32) (local $vb1 i32) (local $s i32) (local $y32 i32)
    (local.set $ygv (i16x8.splat (local.get $yg)))
    (local.set $ybv (i16x8.splat (local.get $yb)))
    (local.set $ubv (i16x8.splat (local.get $ub)))
    (local.set $ugv (i16x8.splat (local.get $ug)))
    (local.set $vgv (i16x8.splat (local.get $vg)))
    (local.set $vrv (i16x8.splat (local.get $vr)))
    (local.set $c128 (i16x8.splat (i32.const 128)))
    (local.set $alpha (i8x16.splat (i32.const 255)))
    (local.set $out (local.get $dst))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $h)))
        (local.set $yp (i32.add (local.get $y) (i32.mul (local.get $row) (local.get $ystride))))
        (local.set $up (i32.add (local.get $u) (i32.mul (i32.shr_u (local.get $row) (i32.const 1)) (local.get $cstride))))
        (local.set $vp (i32.add (local.get $v) (i32.mul (i32.shr_u (local.get $row) (i32.const 1)) (local.get $cstride))))
        (local.set $x (i32.const 0))
        (block $stepsDone
          (loop $steps
            (br_if $stepsDone (i32.gt_u (i32.add (local.get $x) (i32.const 16)) (local.get $w)))
            (local.set $Y (v128.load (i32.add (local.get $yp) (local.get $x))))
            ;; each chroma byte twice: 16 U and 16 V, one per pixel
            (if (i32.eq (local.get $cstep) (i32.const 1))
              (then
                (local.set $U (v128.load64_zero (i32.add (local.get $up) (i32.shr_u (local.get $x) (i32.const 1)))))
                (local.set $V (v128.load64_zero (i32.add (local.get $vp) (i32.shr_u (local.get $x) (i32.const 1)))))
                (local.set $U (i8x16.shuffle 0 0 1 1 2 2 3 3 4 4 5 5 6 6 7 7 (local.get $U) (local.get $U)))
                (local.set $V (i8x16.shuffle 0 0 1 1 2 2 3 3 4 4 5 5 6 6 7 7 (local.get $V) (local.get $V))))
              (else
                (local.set $U (v128.load (i32.add (local.get $up) (local.get $x))))
                (local.set $V (v128.load (i32.add (local.get $vp) (local.get $x))))
                (local.set $U (i8x16.shuffle 0 0 2 2 4 4 6 6 8 8 10 10 12 12 14 14 (local.get $U) (local.get $U)))
                (local.set $V (i8x16.shuffle 0 0 2 2 4 4 6 6 8 8 10 10 12 12 14 14 (local.get $V) (local.get $V)))))
            ;; two halves of eight pixels: R, G, B of the first half wait in 16-bit lanes for the second
            (local.set $half (i32.const 0))
            (loop $halves
              (if (local.get $half)
                (then
                  (local.set $yl (i16x8.extend_high_i8x16_u (local.get $Y)))
                  (local.set $ul (i16x8.sub (i16x8.extend_high_i8x16_u (local.get $U)) (local.get $c128)))
                  (local.set $vl (i16x8.sub (i16x8.extend_high_i8x16_u (local.get $V)) (local.get $c128))))
                (else
                  (local.set $yl (i16x8.extend_low_i8x16_u (local.get $Y)))
                  (local.set $ul (i16x8.sub (i16x8.extend_low_i8x16_u (local.get $U)) (local.get $c128)))
                  (local.set $vl (i16x8.sub (i16x8.extend_low_i8x16_u (local.get $V)) (local.get $c128)))))
              ;; Y · 257 fits 16 bits unsigned; times yg (< 2^15) fits 32 bits: the top 16 bits, plus yb
              (local.set $yl (i16x8.mul (local.get $yl) (i16x8.splat (i32.const 257))))
              (local.set $y1
                (i16x8.add
                  (i16x8.narrow_i32x4_s
                    (i32x4.shr_u (i32x4.extmul_low_i16x8_u (local.get $yl) (local.get $ygv)) (i32.const 16))
                    (i32x4.shr_u (i32x4.extmul_high_i16x8_u (local.get $yl) (local.get $ygv)) (i32.const 16)))
                  (local.get $ybv)))
              (local.set $r16 (i16x8.shr_s (i16x8.add_sat_s (local.get $y1) (i16x8.mul (local.get $vl) (local.get $vrv))) (i32.const 6)))
              (local.set $g16
                (i16x8.shr_s
                  (i16x8.sub_sat_s (local.get $y1)
                    (i16x8.add (i16x8.mul (local.get $ul) (local.get $ugv)) (i16x8.mul (local.get $vl) (local.get $vgv))))
                  (i32.const 6)))
              (local.set $b16 (i16x8.shr_s (i16x8.add_sat_s (local.get $y1) (i16x8.mul (local.get $ul) (local.get $ubv))) (i32.const 6)))
              (if (local.get $half)
                (then
                  (local.set $R (i8x16.narrow_i16x8_u (local.get $R) (local.get $r16)))
                  (local.set $G (i8x16.narrow_i16x8_u (local.get $G) (local.get $g16)))
                  (local.set $B (i8x16.narrow_i16x8_u (local.get $B) (local.get $b16))))
                (else
                  ;; parked in 16-bit lanes until the high half joins them (narrow takes both)
                  (local.set $R (local.get $r16))
                  (local.set $G (local.get $g16))
                  (local.set $B (local.get $b16))))
              (local.set $half (i32.add (local.get $half) (i32.const 1)))
              (br_if $halves (i32.lt_u (local.get $half) (i32.const 2))))
            ;; interleave R G B A: pairs RG and BA, then the pairs into pixels
            (local.set $rg (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $R) (local.get $G)))
            (local.set $ba (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $B) (local.get $alpha)))
            (v128.store (local.get $out) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $rg) (local.get $ba)))
            (v128.store offset=16 (local.get $out) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $rg) (local.get $ba)))
            (local.set $rg (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $R) (local.get $G)))
            (local.set $ba (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $B) (local.get $alpha)))
            (v128.store offset=32 (local.get $out) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $rg) (local.get $ba)))
            (v128.store offset=48 (local.get $out) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $rg) (local.get $ba)))
            (local.set $out (i32.add (local.get $out) (i32.const 64)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $steps)))
        ;; the rest of the row, one pixel at a time, in 32 bits as the definition
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $y32 (i32.mul (i32.load8_u (i32.add (local.get $yp) (local.get $x))) (i32.const 257)))
            (local.set $yb1 (i32.add (i32.shr_u (i32.mul (local.get $y32) (local.get $yg)) (i32.const 16)) (local.get $yb)))
            (local.set $s (i32.mul (i32.shr_u (local.get $x) (i32.const 1)) (local.get $cstep)))
            (local.set $ub1 (i32.sub (i32.load8_u (i32.add (local.get $up) (local.get $s))) (i32.const 128)))
            (local.set $vb1 (i32.sub (i32.load8_u (i32.add (local.get $vp) (local.get $s))) (i32.const 128)))
            (i32.store8 (local.get $out)
              (call $clamp (i32.shr_s (i32.add (local.get $yb1) (i32.mul (local.get $vb1) (local.get $vr))) (i32.const 6))))
            (i32.store8 offset=1 (local.get $out)
              (call $clamp
                (i32.shr_s
                  (i32.sub (local.get $yb1)
                    (i32.add (i32.mul (local.get $ub1) (local.get $ug)) (i32.mul (local.get $vb1) (local.get $vg))))
                  (i32.const 6))))
            (i32.store8 offset=2 (local.get $out)
              (call $clamp (i32.shr_s (i32.add (local.get $yb1) (i32.mul (local.get $ub1) (local.get $ub))) (i32.const 6))))
            (i32.store8 offset=3 (local.get $out) (i32.const 255))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $tail)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows))))

  (func $clamp (param $v i32) (result i32)
    (select (i32.const 0)
      (select (i32.const 255) (local.get $v) (i32.gt_s (local.get $v) (i32.const 255)))
      (i32.lt_s (local.get $v) (i32.const 0)))))
