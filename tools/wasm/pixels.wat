;; The worker's pixel kernels. resize: bilinear resize of an RGBA image into three planes of an input tensor, bit-identical to the float64
;; JS of src/worker/bilinear-resize.ts (the same IEEE operations in the same order: a·(1−w) + b·w
;; along x, then top·(1−w) + bottom·w along y, rounded half up as Math.round, then a 256-entry
;; per-channel table, or for a scale-only float32 input the table's value computed: fround(v · scale)).
;; No fused multiply-add, so every lane rounds as JS does. Two columns per step along x, two (through
;; the tables) or four (computed) values per step along y. No helper is called in an inner loop:
;; V8 did not inline them here (0.99 -> 0.61 ms for 768x432 into 416 once inlined by hand).
;;
;; All arguments are byte addresses in this module's memory, laid out by the caller:
;;   src   RGBA bytes, sw pixels a row
;;   xlo   i32 [dw]: byte offset (pixel index · 4) of each column's first tap in a source row; its
;;         second tap is the next pixel (or, at the right edge, weighs 0: the pixel read there is any)
;;   xw    f64 [dw]: the second tap's weight
;;   ylo, yhi  i32 [dh]: each output row's two source rows; yw f64 [dh]: the second row's weight
;;   rowa, rowb  f64 [3·dw]: two horizontally interpolated source rows, planar (channel c at c·dw)
;;   tab   3 tables of 256 entries (tensor channel order): f32, or u16 (float16 bits) when half = 1
;;   dst   the rectangle's first entry in the tensor; channel c, row r at c·plane + r·stride entries
;;   o0, o1, o2  the RGBA byte (0..3) that feeds tensor channel 0, 1, 2
;;   scale  > 0: a float32 tensor of byte · scale (the tables are not read); 0: the tables
(module
  (memory (export "memory") 1)

  ;; one source row interpolated along x into out (f64, planar): two columns per step, each lane the
  ;; scalar a·(1−w) + b·w (products rounded, then the sum: no fused multiply-add); an odd last column alone
  (func $horizontal (param $src i32) (param $sw i32) (param $row i32) (param $out i32) (param $dw i32)
                    (param $xlo i32) (param $xw i32) (param $o0 i32) (param $o1 i32) (param $o2 i32)
    (local $base i32) (local $x i32) (local $a i32) (local $b i32) (local $w f64) (local $v f64)
    (local $p i32) (local $plane i32) (local $px v128) (local $wv v128) (local $vv v128) (local $mask v128)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $xi i32) (local $ch v128)
    (local.set $base (i32.add (local.get $src) (i32.mul (i32.mul (local.get $row) (local.get $sw)) (i32.const 4))))
    (local.set $plane (i32.mul (local.get $dw) (i32.const 8)))
    (local.set $mask (v128.const i32x4 255 255 255 255))
    (local.set $s0 (i32.shl (local.get $o0) (i32.const 3)))
    (local.set $s1 (i32.shl (local.get $o1) (i32.const 3)))
    (local.set $s2 (i32.shl (local.get $o2) (i32.const 3)))
    (block $pairs
      (loop $pair
        (br_if $pairs (i32.gt_u (i32.add (local.get $x) (i32.const 2)) (local.get $dw)))
        (local.set $xi (i32.shl (local.get $x) (i32.const 2)))
        ;; each column's two taps are neighbours (b = a + 1 pixel; at the right edge b = a, with weight 0,
        ;; where the pixel after a is read but weighs 0 exactly): 8 bytes per column, then lanes
        ;; [a(x), b(x), a(x+1), b(x+1)] reordered to [a(x), a(x+1), b(x), b(x+1)]
        (local.set $px (v128.load64_zero (i32.add (local.get $base) (i32.load (i32.add (local.get $xlo) (local.get $xi))))))
        (local.set $px (v128.load64_lane 1 (i32.add (local.get $base) (i32.load offset=4 (i32.add (local.get $xlo) (local.get $xi)))) (local.get $px)))
        (local.set $px (i8x16.shuffle 0 1 2 3 8 9 10 11 4 5 6 7 12 13 14 15 (local.get $px) (local.get $px)))
        (local.set $wv (v128.load (i32.add (local.get $xw) (i32.shl (local.get $x) (i32.const 3)))))
        (local.set $vv (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $wv)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 3))))
        (v128.store (local.get $p) (f64x2.add
            (f64x2.mul (f64x2.convert_low_i32x4_u (local.tee $ch (v128.and (i32x4.shr_u (local.get $px) (local.get $s0)) (local.get $mask)))) (local.get $vv))
            (f64x2.mul (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ch) (local.get $ch))) (local.get $wv))))
        (v128.store (i32.add (local.get $p) (local.get $plane))
          (f64x2.add
            (f64x2.mul (f64x2.convert_low_i32x4_u (local.tee $ch (v128.and (i32x4.shr_u (local.get $px) (local.get $s1)) (local.get $mask)))) (local.get $vv))
            (f64x2.mul (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ch) (local.get $ch))) (local.get $wv))))
        (v128.store (i32.add (local.get $p) (i32.shl (local.get $plane) (i32.const 1)))
          (f64x2.add
            (f64x2.mul (f64x2.convert_low_i32x4_u (local.tee $ch (v128.and (i32x4.shr_u (local.get $px) (local.get $s2)) (local.get $mask)))) (local.get $vv))
            (f64x2.mul (f64x2.convert_low_i32x4_u (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $ch) (local.get $ch))) (local.get $wv))))
        (local.set $x (i32.add (local.get $x) (i32.const 2)))
        (br $pair)))
    (if (i32.lt_u (local.get $x) (local.get $dw))
      (then
        (local.set $a (i32.add (local.get $base) (i32.load (i32.add (local.get $xlo) (i32.shl (local.get $x) (i32.const 2))))))
        (local.set $b (i32.add (local.get $a) (i32.const 4)))
        (local.set $w (f64.load (i32.add (local.get $xw) (i32.shl (local.get $x) (i32.const 3)))))
        (local.set $v (f64.sub (f64.const 1) (local.get $w)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $x) (i32.const 3))))
        (f64.store (local.get $p)
          (f64.add (f64.mul (f64.convert_i32_u (i32.load8_u (i32.add (local.get $a) (local.get $o0)))) (local.get $v))
                   (f64.mul (f64.convert_i32_u (i32.load8_u (i32.add (local.get $b) (local.get $o0)))) (local.get $w))))
        (f64.store (i32.add (local.get $p) (local.get $plane))
          (f64.add (f64.mul (f64.convert_i32_u (i32.load8_u (i32.add (local.get $a) (local.get $o1)))) (local.get $v))
                   (f64.mul (f64.convert_i32_u (i32.load8_u (i32.add (local.get $b) (local.get $o1)))) (local.get $w))))
        (f64.store (i32.add (local.get $p) (i32.shl (local.get $plane) (i32.const 1)))
          (f64.add (f64.mul (f64.convert_i32_u (i32.load8_u (i32.add (local.get $a) (local.get $o2)))) (local.get $v))
                   (f64.mul (f64.convert_i32_u (i32.load8_u (i32.add (local.get $b) (local.get $o2)))) (local.get $w))))))
  )

  ;; n values top·v + bottom·w, rounded half up, through table tab into dst (f32 entries, or u16 when half)
  (func $vertical (param $top i32) (param $bottom i32) (param $n i32) (param $v f64) (param $w f64)
                  (param $tab i32) (param $half i32) (param $dst i32)
    (local $i i32) (local $vv v128) (local $ww v128) (local $val v128) (local $fl v128) (local $idx v128)
    (local $s f64) (local $f f64) (local $k i32) (local $shift i32)
    (local.set $vv (f64x2.splat (local.get $v)))
    (local.set $ww (f64x2.splat (local.get $w)))
    (local.set $shift (select (i32.const 1) (i32.const 2) (local.get $half)))
    ;; two at a time
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $n)))
        (local.set $val
          (f64x2.add (f64x2.mul (v128.load (i32.add (local.get $top) (i32.shl (local.get $i) (i32.const 3)))) (local.get $vv))
                     (f64x2.mul (v128.load (i32.add (local.get $bottom) (i32.shl (local.get $i) (i32.const 3)))) (local.get $ww))))
        (local.set $fl (f64x2.floor (local.get $val)))
        ;; + 1 where the fraction (exact: val − floor(val)) is at least one half
        (local.set $fl (f64x2.add (local.get $fl)
          (v128.and (f64x2.ge (f64x2.sub (local.get $val) (local.get $fl)) (f64x2.splat (f64.const 0.5))) (f64x2.splat (f64.const 1)))))
        (local.set $idx (i32x4.shl (i32x4.trunc_sat_f64x2_s_zero (local.get $fl)) (local.get $shift)))
        (if (local.get $half)
          (then
            (i32.store16 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1)))
              (i32.load16_u (i32.add (local.get $tab) (i32x4.extract_lane 0 (local.get $idx)))))
            (i32.store16 offset=2 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1)))
              (i32.load16_u (i32.add (local.get $tab) (i32x4.extract_lane 1 (local.get $idx))))))
          (else
            (i32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
              (i32.load (i32.add (local.get $tab) (i32x4.extract_lane 0 (local.get $idx)))))
            (i32.store offset=4 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
              (i32.load (i32.add (local.get $tab) (i32x4.extract_lane 1 (local.get $idx)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $next)))
    ;; the odd last one
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then
        (local.set $s (f64.add (f64.mul (f64.load (i32.add (local.get $top) (i32.shl (local.get $i) (i32.const 3)))) (local.get $v))
                               (f64.mul (f64.load (i32.add (local.get $bottom) (i32.shl (local.get $i) (i32.const 3)))) (local.get $w))))
        (local.set $f (f64.floor (local.get $s)))
        (local.set $k (i32.shl (i32.add (i32.trunc_f64_s (local.get $f)) (f64.ge (f64.sub (local.get $s) (local.get $f)) (f64.const 0.5)))
                               (local.get $shift)))
        (if (local.get $half)
          (then (i32.store16 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1))) (i32.load16_u (i32.add (local.get $tab) (local.get $k)))))
          (else (i32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (i32.load (i32.add (local.get $tab) (local.get $k))))))))
  )

  ;; n values top·v + bottom·w, rounded half up, each times scale rounded to float32 into dst: the
  ;; table entry of a scale-only convention (fround(byte · scale)) computed, four values per step
  (func $vertical_scaled (param $top i32) (param $bottom i32) (param $n i32) (param $v f64) (param $w f64)
                         (param $scale f64) (param $dst i32)
    (local $i i32) (local $vv v128) (local $ww v128) (local $k v128) (local $half v128) (local $one v128)
    (local $s f64) (local $f f64) (local $pt i32) (local $pb i32) (local $val v128) (local $fl v128)
    (local.set $vv (f64x2.splat (local.get $v)))
    (local.set $ww (f64x2.splat (local.get $w)))
    (local.set $k (f64x2.splat (local.get $scale)))
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $one (f64x2.splat (f64.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $pt (i32.add (local.get $top) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $pb (i32.add (local.get $bottom) (i32.shl (local.get $i) (i32.const 3))))
        ;; two pairs, each (top·v + bottom·w) rounded half up (Math.round for these non-negative values)
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (local.tee $fl (f64x2.floor (local.tee $val
                (f64x2.add (f64x2.mul (v128.load offset=0 (local.get $pt)) (local.get $vv))
                           (f64x2.mul (v128.load offset=0 (local.get $pb)) (local.get $ww))))))
              (v128.and (f64x2.ge (f64x2.sub (local.get $val) (local.get $fl)) (local.get $half)) (local.get $one))) (local.get $k)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.add (local.tee $fl (f64x2.floor (local.tee $val
                (f64x2.add (f64x2.mul (v128.load offset=16 (local.get $pt)) (local.get $vv))
                           (f64x2.mul (v128.load offset=16 (local.get $pb)) (local.get $ww))))))
              (v128.and (f64x2.ge (f64x2.sub (local.get $val) (local.get $fl)) (local.get $half)) (local.get $one))) (local.get $k)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $next)))
    (block $tail
      (loop $last
        (br_if $tail (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (f64.add (f64.mul (f64.load (i32.add (local.get $top) (i32.shl (local.get $i) (i32.const 3)))) (local.get $v))
                               (f64.mul (f64.load (i32.add (local.get $bottom) (i32.shl (local.get $i) (i32.const 3)))) (local.get $w))))
        (local.set $f (f64.floor (local.get $s)))
        (if (f64.ge (f64.sub (local.get $s) (local.get $f)) (f64.const 0.5)) (then (local.set $f (f64.add (local.get $f) (f64.const 1)))))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (f32.demote_f64 (f64.mul (local.get $f) (local.get $scale))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $last)))
  )

  (func (export "resize")
    (param $src i32) (param $sw i32) (param $dw i32) (param $dh i32)
    (param $xlo i32) (param $xw i32) (param $ylo i32) (param $yhi i32) (param $yw i32)
    (param $rowa i32) (param $rowb i32) (param $tab i32) (param $half i32) (param $dst i32)
    (param $stride i32) (param $plane i32) (param $o0 i32) (param $o1 i32) (param $o2 i32) (param $scale f64)
    (local $r i32) (local $ia i32) (local $ib i32) (local $lo i32) (local $hi i32)
    (local $top i32) (local $bottom i32) (local $w f64) (local $v f64) (local $c i32)
    (local $elem i32) (local $tabc i32) (local $ctop i32) (local $cbottom i32) (local $cdst i32)
    (local.set $ia (i32.const -1))
    (local.set $ib (i32.const -1))
    (local.set $elem (select (i32.const 2) (i32.const 4) (local.get $half)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $dh)))
        (local.set $lo (i32.load (i32.add (local.get $ylo) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $hi (i32.load (i32.add (local.get $yhi) (i32.shl (local.get $r) (i32.const 2)))))
        ;; the two interpolated rows, each computed once: rows are visited in ascending order, so the
        ;; buffer holding the older row is the one to reuse
        (if (i32.eq (local.get $lo) (local.get $ia)) (then (local.set $top (local.get $rowa)))
          (else (if (i32.eq (local.get $lo) (local.get $ib)) (then (local.set $top (local.get $rowb)))
            (else (if (i32.lt_s (local.get $ia) (local.get $ib))
              (then (local.set $ia (local.get $lo)) (local.set $top (local.get $rowa)))
              (else (local.set $ib (local.get $lo)) (local.set $top (local.get $rowb))))
              (call $horizontal (local.get $src) (local.get $sw) (local.get $lo) (local.get $top) (local.get $dw)
                (local.get $xlo) (local.get $xw) (local.get $o0) (local.get $o1) (local.get $o2))))))
        (if (i32.eq (local.get $hi) (local.get $ia)) (then (local.set $bottom (local.get $rowa)))
          (else (if (i32.eq (local.get $hi) (local.get $ib)) (then (local.set $bottom (local.get $rowb)))
            (else (if (i32.lt_s (local.get $ia) (local.get $ib))
              (then (local.set $ia (local.get $hi)) (local.set $bottom (local.get $rowa)))
              (else (local.set $ib (local.get $hi)) (local.set $bottom (local.get $rowb))))
              (call $horizontal (local.get $src) (local.get $sw) (local.get $hi) (local.get $bottom) (local.get $dw)
                (local.get $xlo) (local.get $xw) (local.get $o0) (local.get $o1) (local.get $o2))))))
        (local.set $w (f64.load (i32.add (local.get $yw) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $v (f64.sub (f64.const 1) (local.get $w)))
        (local.set $c (i32.const 0))
        (block $channels
          (loop $channel
            (br_if $channels (i32.ge_u (local.get $c) (i32.const 3)))
            (local.set $ctop (i32.add (local.get $top) (i32.shl (i32.mul (local.get $c) (local.get $dw)) (i32.const 3))))
            (local.set $cbottom (i32.add (local.get $bottom) (i32.shl (i32.mul (local.get $c) (local.get $dw)) (i32.const 3))))
            (local.set $cdst (i32.add (local.get $dst)
              (i32.mul (i32.add (i32.mul (local.get $c) (local.get $plane)) (i32.mul (local.get $r) (local.get $stride))) (local.get $elem))))
            (if (f64.gt (local.get $scale) (f64.const 0))
              (then (call $vertical_scaled (local.get $ctop) (local.get $cbottom) (local.get $dw) (local.get $v) (local.get $w)
                      (local.get $scale) (local.get $cdst)))
              (else (call $vertical (local.get $ctop) (local.get $cbottom) (local.get $dw) (local.get $v) (local.get $w)
                      (i32.add (local.get $tab) (i32.mul (local.get $c) (i32.const 1024))) (local.get $half) (local.get $cdst))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $channel)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next)))
  )

  ;; pack: an RGBA rectangle (rw x rh, skip bytes after each source row: 0 when rows are packed, more
  ;; for a rectangle of a larger image) straight through the tables into the tensor's rectangle (dst,
  ;; stride, plane as for resize); s0, s1, s2: 8 x the RGBA byte of each tensor channel
  (func (export "pack")
    (param $src i32) (param $rw i32) (param $rh i32) (param $tab i32) (param $half i32) (param $dst i32)
    (param $stride i32) (param $plane i32) (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $skip i32)
    (local $r i32) (local $x i32) (local $px i32) (local $out i32) (local $planeb i32) (local $end i32)
    (if (local.get $half)
      (then
        (local.set $planeb (i32.shl (local.get $plane) (i32.const 1)))
        (block $rows (loop $row
          (br_if $rows (i32.ge_u (local.get $r) (local.get $rh)))
          (local.set $out (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $stride)) (i32.const 1))))
          (local.set $end (i32.add (local.get $out) (i32.shl (local.get $rw) (i32.const 1))))
          (block $cols (loop $col
            (br_if $cols (i32.ge_u (local.get $out) (local.get $end)))
            (local.set $px (i32.load (local.get $src)))
            (i32.store16 (local.get $out)
              (i32.load16_u (i32.add (local.get $tab)
                (i32.shl (i32.and (i32.shr_u (local.get $px) (local.get $s0)) (i32.const 255)) (i32.const 1)))))
            (i32.store16 (i32.add (local.get $out) (local.get $planeb))
              (i32.load16_u offset=1024 (i32.add (local.get $tab)
                (i32.shl (i32.and (i32.shr_u (local.get $px) (local.get $s1)) (i32.const 255)) (i32.const 1)))))
            (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $planeb) (i32.const 1)))
              (i32.load16_u offset=2048 (i32.add (local.get $tab)
                (i32.shl (i32.and (i32.shr_u (local.get $px) (local.get $s2)) (i32.const 255)) (i32.const 1)))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $out (i32.add (local.get $out) (i32.const 2)))
            (br $col)))
          (local.set $src (i32.add (local.get $src) (local.get $skip)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $row))))
      (else
        (local.set $planeb (i32.shl (local.get $plane) (i32.const 2)))
        (block $rows (loop $row
          (br_if $rows (i32.ge_u (local.get $r) (local.get $rh)))
          (local.set $out (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $stride)) (i32.const 2))))
          (local.set $end (i32.add (local.get $out) (i32.shl (local.get $rw) (i32.const 2))))
          (block $cols (loop $col
            (br_if $cols (i32.ge_u (local.get $out) (local.get $end)))
            (local.set $px (i32.load (local.get $src)))
            (i32.store (local.get $out)
              (i32.load (i32.add (local.get $tab)
                (i32.shl (i32.and (i32.shr_u (local.get $px) (local.get $s0)) (i32.const 255)) (i32.const 2)))))
            (i32.store (i32.add (local.get $out) (local.get $planeb))
              (i32.load offset=1024 (i32.add (local.get $tab)
                (i32.shl (i32.and (i32.shr_u (local.get $px) (local.get $s1)) (i32.const 255)) (i32.const 2)))))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $planeb) (i32.const 1)))
              (i32.load offset=2048 (i32.add (local.get $tab)
                (i32.shl (i32.and (i32.shr_u (local.get $px) (local.get $s2)) (i32.const 255)) (i32.const 2)))))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (br $col)))
          (local.set $src (i32.add (local.get $src) (local.get $skip)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $row)))))
  )

  ;; pack_scaled: pack for a float32 tensor whose value is the byte times `scale` (mean 0, std 1:
  ;; value = fround(v · scale), exactly the table's entry), 4 pixels per step in SIMD instead of 12
  ;; table loads. s0, s1, s2: 8 x the RGBA byte of each tensor channel; skip as for pack.
  (func (export "pack_scaled")
    (param $src i32) (param $rw i32) (param $rh i32) (param $dst i32) (param $stride i32) (param $plane i32)
    (param $s0 i32) (param $s1 i32) (param $s2 i32) (param $scale f64) (param $skip i32)
    (local $r i32) (local $out i32) (local $end i32) (local $end4 i32) (local $planeb i32) (local $px v128) (local $p i32)
    (local $k v128) (local $v v128) (local $mask v128)
    (local.set $mask (v128.const i32x4 255 255 255 255))
    (local.set $k (f64x2.splat (local.get $scale)))
    (local.set $planeb (i32.shl (local.get $plane) (i32.const 2)))
    (block $rows (loop $row
      (br_if $rows (i32.ge_u (local.get $r) (local.get $rh)))
      (local.set $out (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $stride)) (i32.const 2))))
      (local.set $end (i32.add (local.get $out) (i32.shl (local.get $rw) (i32.const 2))))
      (local.set $end4 (i32.add (local.get $out) (i32.shl (i32.and (local.get $rw) (i32.const -4)) (i32.const 2))))
      (block $quads (loop $quad
        (br_if $quads (i32.ge_u (local.get $out) (local.get $end4)))
        (local.set $px (v128.load (local.get $src)))
        (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_u
              (local.tee $v (v128.and (i32x4.shr_u (local.get $px) (local.get $s0)) (local.get $mask)))) (local.get $k)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_u
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $k)))))
        (v128.store (i32.add (local.get $out) (local.get $planeb)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_u
              (local.tee $v (v128.and (i32x4.shr_u (local.get $px) (local.get $s1)) (local.get $mask)))) (local.get $k)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_u
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $k)))))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $planeb) (i32.const 1)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_u
              (local.tee $v (v128.and (i32x4.shr_u (local.get $px) (local.get $s2)) (local.get $mask)))) (local.get $k)))
            (f32x4.demote_f64x2_zero (f64x2.mul (f64x2.convert_low_i32x4_u
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))) (local.get $k)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $quad)))
      (block $cols (loop $col
        (br_if $cols (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $p (i32.load (local.get $src)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.mul
          (f64.convert_i32_u (i32.and (i32.shr_u (local.get $p) (local.get $s0)) (i32.const 255))) (local.get $scale))))
        (f32.store (i32.add (local.get $out) (local.get $planeb)) (f32.demote_f64 (f64.mul
          (f64.convert_i32_u (i32.and (i32.shr_u (local.get $p) (local.get $s1)) (i32.const 255))) (local.get $scale))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $planeb) (i32.const 1))) (f32.demote_f64 (f64.mul
          (f64.convert_i32_u (i32.and (i32.shr_u (local.get $p) (local.get $s2)) (i32.const 255))) (local.get $scale))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $col)))
      (local.set $src (i32.add (local.get $src) (local.get $skip)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $row)))
  )
)
