;; Area average of one plane of a video frame (src/worker/area-shrink.ts, the JS that stays as fallback):
;; for each output row, the weighted sum of its source rows (four bytes per SIMD step, float32), then
;; each output sample's weighted sum of that row's taps. Interleaved samples are one plane with a
;; step: NV12's UV (step 2: bytes c, c + 2, … go to output c), RGBA or BGRA (step 4, three outputs:
;; the fourth byte, alpha or padding, is not averaged).
;;
;; All arguments are byte addresses in this module's memory, laid out by the caller:
;;   src      the plane's first byte; stride bytes per row; rowBytes bytes summed per row (samples · step)
;;   ystart   i32 [outH]: first source row of each output row
;;   yoff     i32 [outH + 1]: where each output row's weights begin in yw (f32)
;;   xstart, xoff, xw: the same along x, in samples
;;   acc      f32 [rowBytes rounded up to 4]: the row sum (also written past rowBytes, up to 3 lanes)
;;   channels  how many of each step's bytes are averaged (1 to 3, at most step)
;;   out0, out1, out2  f32 [outW · outH]: the averages of byte 0, 1, 2 of each step
;; The plane may be read up to 3 bytes past its last row's rowBytes: the caller leaves that slack.
(module
  (memory (export "memory") 1)

  (func (export "average")
        (param $src i32) (param $stride i32) (param $rowBytes i32) (param $step i32)
        (param $ystart i32) (param $yoff i32) (param $yw i32) (param $outH i32)
        (param $xstart i32) (param $xoff i32) (param $xw i32) (param $outW i32)
        (param $acc i32) (param $channels i32) (param $out0 i32) (param $out1 i32) (param $out2 i32)
    (local $oy i32) (local $t i32) (local $tEnd i32) (local $line i32) (local $x i32) (local $w v128)
    (local $p i32) (local $c i32) (local $ox i32) (local $k i32) (local $kEnd i32) (local $sum f32)
    (local $out i32)
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $oy) (local.get $outH)))
        ;; acc = 0
        (local.set $x (i32.const 0))
        (block $zeroed
          (loop $zero
            (br_if $zeroed (i32.ge_u (local.get $x) (local.get $rowBytes)))
            (v128.store (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2))) (v128.const i32x4 0 0 0 0))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $zero)))
        ;; acc += source row · weight, for each of the output row's source rows
        (local.set $t (i32.load (i32.add (local.get $yoff) (i32.shl (local.get $oy) (i32.const 2)))))
        (local.set $tEnd (i32.load (i32.add (local.get $yoff) (i32.shl (i32.add (local.get $oy) (i32.const 1)) (i32.const 2)))))
        (local.set $line
          (i32.add (local.get $src)
                   (i32.mul (i32.load (i32.add (local.get $ystart) (i32.shl (local.get $oy) (i32.const 2)))) (local.get $stride))))
        (block $tapsDone
          (loop $tap
            (br_if $tapsDone (i32.ge_u (local.get $t) (local.get $tEnd)))
            (local.set $w (f32x4.splat (f32.load (i32.add (local.get $yw) (i32.shl (local.get $t) (i32.const 2))))))
            (local.set $x (i32.const 0))
            (block $bytesDone
              (loop $bytes
                (br_if $bytesDone (i32.ge_u (local.get $x) (local.get $rowBytes)))
                (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $x) (i32.const 2))))
                (v128.store (local.get $p)
                  (f32x4.add (v128.load (local.get $p))
                    (f32x4.mul (local.get $w)
                      (f32x4.convert_i32x4_u
                        (i32x4.extend_low_i16x8_u
                          (i16x8.extend_low_i8x16_u (v128.load32_zero (i32.add (local.get $line) (local.get $x)))))))))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $bytes)))
            (local.set $line (i32.add (local.get $line) (local.get $stride)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $tap)))
        ;; each output sample: its taps along the summed row
        (local.set $c (i32.const 0))
        (block $channelsDone
          (loop $channel
            (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $channels)))
            (local.set $out
              (i32.add (select (select (local.get $out2) (local.get $out1) (i32.eq (local.get $c) (i32.const 2))) (local.get $out0) (local.get $c))
                       (i32.shl (i32.mul (local.get $oy) (local.get $outW)) (i32.const 2))))
            (local.set $ox (i32.const 0))
            (block $samplesDone
              (loop $sample
                (br_if $samplesDone (i32.ge_u (local.get $ox) (local.get $outW)))
                (local.set $p
                  (i32.add (local.get $acc)
                    (i32.shl
                      (i32.add (i32.mul (i32.load (i32.add (local.get $xstart) (i32.shl (local.get $ox) (i32.const 2)))) (local.get $step))
                               (local.get $c))
                      (i32.const 2))))
                (local.set $k (i32.load (i32.add (local.get $xoff) (i32.shl (local.get $ox) (i32.const 2)))))
                (local.set $kEnd (i32.load (i32.add (local.get $xoff) (i32.shl (i32.add (local.get $ox) (i32.const 1)) (i32.const 2)))))
                (local.set $sum (f32.const 0))
                (block $kDone
                  (loop $kNext
                    (br_if $kDone (i32.ge_u (local.get $k) (local.get $kEnd)))
                    (local.set $sum
                      (f32.add (local.get $sum)
                        (f32.mul (f32.load (local.get $p)) (f32.load (i32.add (local.get $xw) (i32.shl (local.get $k) (i32.const 2)))))))
                    (local.set $p (i32.add (local.get $p) (i32.shl (local.get $step) (i32.const 2))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $kNext)))
                (f32.store (i32.add (local.get $out) (i32.shl (local.get $ox) (i32.const 2))) (local.get $sum))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $sample)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $channel)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $row)))
  )
)
