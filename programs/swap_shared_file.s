; swap_shared_file.s: dirty pages of a shared file mapping are not swapped:
; under memory pressure they are written back to their file and dropped,
; and a later touch reads them from the file again. The program makes a
; 10-page file, changes every page through a MAP_SHARED mapping, floods
; memory with 40 anonymous pages, and finds its changes both in the mapping
; and, with read(), in the file.
;! args: --frames 16 --swap 64
;! root: yes
;! stdout: file size: 40960\n
;! stdout: changes seen through the mapping: 10\n
;! stdout: changes seen by read(): 10\n
;! stats: file_faults>=20
        .equ  FPAGES, 10
        .equ  NOISE, 40
        .text
_start: la    a0, path
        li    a1, O_CREAT | O_RDWR | O_TRUNC
        sys   open
        mov   s0, a0
        la    s1, chunk
        li    s2, 0                 ; file page k: every byte k + 'a'
mk:     li    t0, 0
        addi  t1, s2, 'a'
mkfill: add   t2, s1, t0
        sb    t1, 0(t2)
        addi  t0, t0, 1
        li    t3, PAGE_SIZE
        blt   t0, t3, mkfill
        mov   a0, s0
        mov   a1, s1
        li    a2, PAGE_SIZE
        sys   write
        addi  s2, s2, 1
        li    t0, FPAGES
        blt   s2, t0, mk
        mov   a0, s0
        li    a1, 0
        li    a2, 2
        sys   lseek
        mov   a1, a0
        la    a0, m_size
        call  say

        li    a0, 0
        li    a1, FPAGES * PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_SHARED
        mov   a4, s0
        li    a5, 0
        sys   mmap
        mov   s1, a0
        li    t0, 0                 ; word 100 of page k := 0x1000 + k
chg:    shli  t1, t0, 12
        add   t1, s1, t1
        li    t2, 0x1000
        add   t2, t2, t0
        sw    t2, 400(t1)
        addi  t0, t0, 1
        li    t3, FPAGES
        blt   t0, t3, chg

        la    s2, noise             ; flood memory
        li    t0, 0
flood:  shli  t1, t0, 12
        add   t1, s2, t1
        sw    t0, 0(t1)
        addi  t0, t0, 1
        li    t3, NOISE
        blt   t0, t3, flood

        li    t0, 0
        li    s2, 0
seen:   shli  t1, t0, 12
        add   t1, s1, t1
        lw    t2, 400(t1)
        li    t3, 0x1000
        add   t3, t3, t0
        bne   t2, t3, seen1
        lbu   t2, 399(t1)           ; the byte before is still the file's
        addi  t3, t0, 'a'
        bne   t2, t3, seen1
        addi  s2, s2, 1
seen1:  addi  t0, t0, 1
        li    t3, FPAGES
        blt   t0, t3, seen
        mov   a1, s2
        la    a0, m_map
        call  say

        li    s2, 0                 ; the same through read()
        li    fp, 0
rd:     mov   a0, s0
        li    t0, PAGE_SIZE
        mul   a1, fp, t0
        addi  a1, a1, 400
        li    a2, 0
        sys   lseek
        mov   a0, s0
        la    a1, chunk
        li    a2, 4
        sys   read
        la    t0, chunk
        lw    t0, 0(t0)
        li    t1, 0x1000
        add   t1, t1, fp
        bne   t0, t1, rd1
        addi  s2, s2, 1
rd1:    addi  fp, fp, 1
        li    t0, FPAGES
        blt   fp, t0, rd
        mov   a1, s2
        la    a0, m_read
        call  say
        li    a0, 0
        sys   exit

        .bss
chunk:  .space PAGE_SIZE
noise:  .space NOISE * PAGE_SIZE

        .rodata
path:   .asciz "/big.dat"
m_size: .asciz "file size: "
m_map:  .asciz "changes seen through the mapping: "
m_read: .asciz "changes seen by read(): "

        .include "lib/io.s"
