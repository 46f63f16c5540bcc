;; Area average of one plane of a video frame (src/worker/area-shrink.ts, the JS that stays as fallback):
;; for each output row, the weighted sum of its source rows (sixteen bytes per SIMD step: summed as
;; integers, then weighed, when the rows weigh the same as in a shrink by a whole factor; else in float32), then
;; the output samples, four at a time, each the weighted sum of its taps along that row. Interleaved
;; samples are one plane with a step: NV12's UV (step 2: bytes c, c + 2, … go to output c), RGBA or
;; BGRA (step 4, three outputs: the fourth byte, alpha or padding, is not averaged). `to_bytes` then
;; turns three averaged planes into four-byte pixels through an affine map (YUV -> RGB, or none).
;;
;; All arguments are byte addresses in this module's memory, laid out by the caller:
;;   src      the plane's first byte; stride bytes per row; rowBytes bytes summed per row (samples · step)
;;   ystart   i32 [outH]: first source row of each output row
;;   yoff     i32 [outH + 1]: where each output row's weights begin in yw (f32)
;;   gfirst   i32 [groups]: the first output sample of each group of four (the last group of a row may
;;            overlap the one before it: outW >= 4)
;;   gidx     i32 [groups · taps · 4]: for each group, each tap, each of its four outputs: the sample read
;;   gw       f32 [groups · taps · 4]: the weights, laid out as gidx (0 for a shorter footprint's padding)
;;   acc      f32 [rowBytes rounded up to 16]: the row sum, followed by u16 [the same]: the byte sums of
;;            an output row whose source rows weigh the same
;;   channels  how many of each step's bytes are averaged (1 to 3, at most step)
;;   out0, out1, out2  f32 [outW · outH]: the averages of byte 0, 1, 2 of each step
;; The plane may be read up to 15 bytes past its last row's rowBytes: the caller leaves that slack.
(module
  (memory (export "memory") 1)

  (func (export "average")
        (param $src i32) (param $stride i32) (param $rowBytes i32) (param $step i32)
        (param $ystart i32) (param $yoff i32) (param $yw i32) (param $outH i32)
        (param $gfirst i32) (param $gidx i32) (param $gw i32) (param $groups i32) (param $taps i32) (param $outW i32)
        (param $acc i32) (param $channels i32) (param $out0 i32) (param $out1 i32) (param $out2 i32)
    (local $oy i32) (local $t i32) (local $tEnd i32) (local $line i32) (local $x i32) (local $w v128)
    (local $p i32) (local $c i32) (local $g i32) (local $k i32) (local $e i32) (local $span i32)
    (local $out i32) (local $v v128) (local $lo v128) (local $hi v128) (local $sum v128) (local $at v128)
    (local $base v128) (local $stepBytes v128) (local $w0 f32) (local $uniform i32) (local $sums i32)
    (local.set $span (i32.and (i32.add (local.get $rowBytes) (i32.const 15)) (i32.const -16)))
    (local.set $sums (i32.add (local.get $acc) (i32.shl (local.get $span) (i32.const 2))))
    (local.set $stepBytes (i32x4.splat (i32.shl (local.get $step) (i32.const 2))))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $oy) (local.get $outH)))
        (local.set $t (i32.load (i32.add (local.get $yoff) (i32.shl (local.get $oy) (i32.const 2)))))
        (local.set $tEnd (i32.load (i32.add (local.get $yoff) (i32.shl (i32.add (local.get $oy) (i32.const 1)) (i32.const 2)))))
        (local.set $line
          (i32.add (local.get $src)
                   (i32.mul (i32.load (i32.add (local.get $ystart) (i32.shl (local.get $oy) (i32.const 2)))) (local.get $stride))))
        ;; equal weights (every row whole, as in a shrink by a whole factor), at most 257 rows: sum the
        ;; bytes as u16 and weigh the sum once
        (local.set $w0 (f32.load (i32.add (local.get $yw) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $uniform (i32.le_u (i32.sub (local.get $tEnd) (local.get $t)) (i32.const 257)))
        (local.set $k (i32.add (local.get $t) (i32.const 1)))
        (block $checked
          (loop $check
            (br_if $checked (i32.ge_u (local.get $k) (local.get $tEnd)))
            (if (f32.ne (f32.load (i32.add (local.get $yw) (i32.shl (local.get $k) (i32.const 2)))) (local.get $w0))
              (then (local.set $uniform (i32.const 0))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $check)))
        (if (local.get $uniform)
          (then
            ;; sums = 0
            (local.set $x (i32.const 0))
            (block $zeroed16
              (loop $zero16
                (br_if $zeroed16 (i32.ge_u (local.get $x) (local.get $span)))
                (local.set $p (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 1))))
                (v128.store (local.get $p) (v128.const i32x4 0 0 0 0))
                (v128.store offset=16 (local.get $p) (v128.const i32x4 0 0 0 0))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (br $zero16)))
            ;; sums += source row, sixteen bytes at a time
            (block $rowsSummed
              (loop $sumRow
                (br_if $rowsSummed (i32.ge_u (local.get $t) (local.get $tEnd)))
                (local.set $x (i32.const 0))
                (block $bytesSummed
                  (loop $sumBytes
                    (br_if $bytesSummed (i32.ge_u (local.get $x) (local.get $span)))
                    (local.set $p (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 1))))
                    (local.set $v (v128.load (i32.add (local.get $line) (local.get $x))))
                    (v128.store (local.get $p) (i16x8.add (v128.load (local.get $p)) (i16x8.extend_low_i8x16_u (local.get $v))))
                    (v128.store offset=16 (local.get $p)
                      (i16x8.add (v128.load offset=16 (local.get $p)) (i16x8.extend_high_i8x16_u (local.get $v))))
                    (local.set $x (i32.add (local.get $x) (i32.const 16)))
                    (br $sumBytes)))
                (local.set $line (i32.add (local.get $line) (local.get $stride)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $sumRow)))
            ;; acc = sums · weight
            (local.set $w (f32x4.splat (local.get $w0)))
            (local.set $x (i32.const 0))
            (block $weighed
              (loop $weigh
                (br_if $weighed (i32.ge_u (local.get $x) (local.get $span)))
                (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2))))
                (local.set $lo (v128.load (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 1)))))
                (local.set $hi (v128.load offset=16 (i32.add (local.get $sums) (i32.shl (local.get $x) (i32.const 1)))))
                (v128.store (local.get $p) (f32x4.mul (local.get $w) (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $lo)))))
                (v128.store offset=16 (local.get $p) (f32x4.mul (local.get $w) (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $lo)))))
                (v128.store offset=32 (local.get $p) (f32x4.mul (local.get $w) (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $hi)))))
                (v128.store offset=48 (local.get $p) (f32x4.mul (local.get $w) (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $hi)))))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (br $weigh))))
          (else
            ;; acc = 0
            (local.set $x (i32.const 0))
            (block $zeroed
              (loop $zero
                (br_if $zeroed (i32.ge_u (local.get $x) (local.get $span)))
                (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2))))
                (v128.store (local.get $p) (v128.const i32x4 0 0 0 0))
                (v128.store offset=16 (local.get $p) (v128.const i32x4 0 0 0 0))
                (v128.store offset=32 (local.get $p) (v128.const i32x4 0 0 0 0))
                (v128.store offset=48 (local.get $p) (v128.const i32x4 0 0 0 0))
                (local.set $x (i32.add (local.get $x) (i32.const 16)))
                (br $zero)))
            ;; acc += source row · weight, for each of the output row's source rows, sixteen bytes at a time
            (block $tapsDone
              (loop $tap
                (br_if $tapsDone (i32.ge_u (local.get $t) (local.get $tEnd)))
                (local.set $w (f32x4.splat (f32.load (i32.add (local.get $yw) (i32.shl (local.get $t) (i32.const 2))))))
                (local.set $x (i32.const 0))
                (block $bytesDone
                  (loop $bytes
                    (br_if $bytesDone (i32.ge_u (local.get $x) (local.get $span)))
                    (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2))))
                    (local.set $v (v128.load (i32.add (local.get $line) (local.get $x))))
                    (local.set $lo (i16x8.extend_low_i8x16_u (local.get $v)))
                    (local.set $hi (i16x8.extend_high_i8x16_u (local.get $v)))
                    (v128.store (local.get $p)
                      (f32x4.add (v128.load (local.get $p))
                        (f32x4.mul (local.get $w) (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $lo))))))
                    (v128.store offset=16 (local.get $p)
                      (f32x4.add (v128.load offset=16 (local.get $p))
                        (f32x4.mul (local.get $w) (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $lo))))))
                    (v128.store offset=32 (local.get $p)
                      (f32x4.add (v128.load offset=32 (local.get $p))
                        (f32x4.mul (local.get $w) (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $hi))))))
                    (v128.store offset=48 (local.get $p)
                      (f32x4.add (v128.load offset=48 (local.get $p))
                        (f32x4.mul (local.get $w) (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $hi))))))
                    (local.set $x (i32.add (local.get $x) (i32.const 16)))
                    (br $bytes)))
                (local.set $line (i32.add (local.get $line) (local.get $stride)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $tap)))))
        ;; the output samples of each channel, four at a time: their taps gathered along the summed row
        (local.set $c (i32.const 0))
        (block $channelsDone
          (loop $channel
            (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
            (local.set $out
              (i32.add (select (select (local.get $out2) (local.get $out1) (i32.eq (local.get $c) (i32.const 2))) (local.get $out0) (local.get $c))
                       (i32.shl (i32.mul (local.get $oy) (local.get $outW)) (i32.const 2))))
            (local.set $base (i32x4.splat (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $g (i32.const 0))
            (local.set $e (i32.const 0)) ;; byte offset of the group's first tap in gidx / gw
            (block $groupsDone
              (loop $group
                (br_if $groupsDone (i32.ge_u (local.get $g) (local.get $groups)))
                (local.set $sum (v128.const i32x4 0 0 0 0))
                (local.set $k (i32.const 0))
                (block $kDone
                  (loop $kNext
                    (br_if $kDone (i32.ge_u (local.get $k) (local.get $taps)))
                    (local.set $at
                      (i32x4.add (local.get $base)
                        (i32x4.mul (v128.load (i32.add (local.get $gidx) (local.get $e))) (local.get $stepBytes))))
                    (local.set $v (f32x4.splat (f32.load (i32x4.extract_lane 0 (local.get $at)))))
                    (local.set $v (f32x4.replace_lane 1 (local.get $v) (f32.load (i32x4.extract_lane 1 (local.get $at)))))
                    (local.set $v (f32x4.replace_lane 2 (local.get $v) (f32.load (i32x4.extract_lane 2 (local.get $at)))))
                    (local.set $v (f32x4.replace_lane 3 (local.get $v) (f32.load (i32x4.extract_lane 3 (local.get $at)))))
                    (local.set $sum
                      (f32x4.add (local.get $sum) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $gw) (local.get $e))))))
                    (local.set $e (i32.add (local.get $e) (i32.const 16)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $kNext)))
                (v128.store
                  (i32.add (local.get $out) (i32.shl (i32.load (i32.add (local.get $gfirst) (i32.shl (local.get $g) (i32.const 2)))) (i32.const 2)))
                  (local.get $sum))
                (local.set $g (i32.add (local.get $g) (i32.const 1)))
                (br $group)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $channel)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $row)))
  )

  ;; Four-byte pixels from three planes of n floats: byte j = round(m[j]·(p0, p1, p2) + m[j][3]),
  ;; clamped to 0-255, for j = 0, 1, 2 (coef: f32 [12], row j at coef + 16j), byte 3 = 255. Rounds half
  ;; to even, as a Uint8ClampedArray store does. Reads the planes and writes `out` in steps of four
  ;; pixels: up to 3 floats past each plane's n and 12 bytes past out's 4n.
  (func (export "to_bytes") (param $p0 i32) (param $p1 i32) (param $p2 i32) (param $n i32) (param $coef i32) (param $out i32)
    (local $i i32) (local $a v128) (local $b v128) (local $c v128)
    (local $x v128) (local $y v128) (local $z v128)
    (block $done
      (loop $pixels
        (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $a (v128.load (i32.add (local.get $p0) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $b (v128.load (i32.add (local.get $p1) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $c (v128.load (i32.add (local.get $p2) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $x (i32x4.trunc_sat_f32x4_s (f32x4.nearest
          (f32x4.add
            (f32x4.add (f32x4.mul (local.get $a) (v128.load32_splat (local.get $coef)))
                       (f32x4.mul (local.get $b) (v128.load32_splat offset=4 (local.get $coef))))
            (f32x4.add (f32x4.mul (local.get $c) (v128.load32_splat offset=8 (local.get $coef)))
                       (v128.load32_splat offset=12 (local.get $coef)))))))
        (local.set $y (i32x4.trunc_sat_f32x4_s (f32x4.nearest
          (f32x4.add
            (f32x4.add (f32x4.mul (local.get $a) (v128.load32_splat offset=16 (local.get $coef)))
                       (f32x4.mul (local.get $b) (v128.load32_splat offset=20 (local.get $coef))))
            (f32x4.add (f32x4.mul (local.get $c) (v128.load32_splat offset=24 (local.get $coef)))
                       (v128.load32_splat offset=28 (local.get $coef)))))))
        (local.set $z (i32x4.trunc_sat_f32x4_s (f32x4.nearest
          (f32x4.add
            (f32x4.add (f32x4.mul (local.get $a) (v128.load32_splat offset=32 (local.get $coef)))
                       (f32x4.mul (local.get $b) (v128.load32_splat offset=36 (local.get $coef))))
            (f32x4.add (f32x4.mul (local.get $c) (v128.load32_splat offset=40 (local.get $coef)))
                       (v128.load32_splat offset=44 (local.get $coef)))))))
        ;; x0..x3 y0..y3 z0..z3 255 255 255 255 (saturated to 0-255), then interleaved per pixel
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i8x16.shuffle 0 4 8 12 1 5 9 13 2 6 10 14 3 7 11 15
            (i8x16.narrow_i16x8_u
              (i16x8.narrow_i32x4_s (local.get $x) (local.get $y))
              (i16x8.narrow_i32x4_s (local.get $z) (v128.const i32x4 255 255 255 255)))
            (v128.const i32x4 0 0 0 0)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $pixels)))
  )
)
