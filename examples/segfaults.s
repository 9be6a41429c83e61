; segfaults.s: four ways to get a segmentation fault, each in its own child
; process so that the parent can report them all:
;   1. a load from an address where nothing is mapped (a null pointer),
;   2. a store into read-only memory (the program's own .rodata),
;   3. a load from execute-only memory (an mmap with PROT_EXEC alone),
;   4. a store into execute-only memory (the same kind of mapping).
; The first has no VMA at all (code `maperr`); the others have one that
; forbids the access (code `accerr`). Each child is killed by SIGSEGV, and
; wait gives the parent 128 + 11 = 139.
;
;     ./faultline run examples/segfaults.s
;     ./faultline run examples/segfaults.s --trace=fault,signal
        .text
_start: la    s0, cases
next:   lw    t0, 0(s0)
        beqz  t0, done
        sys   fork
        blt   a0, zero, forkfail    ; prints "fork failed: ENOMEM" (lib/forkfail.s)
        bnez  a0, parent
        lw    t0, 4(s0)
        jr    t0                    ; the child runs its case
parent: la    a0, status
        sys   wait
        lw    a0, 0(s0)
        call  print                 ; "what: status"
        addi  s0, s0, 8
        j     next
done:   li    a0, 0
        sys   exit

nomap:  li    t0, 0
        lw    t1, 8(t0)             ; address 8: never mapped
        j     alive
rdonly: la    t0, hello
        sb    zero, 0(t0)           ; .rodata is r--
        j     alive
xonly:  li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_EXEC         ; --x: can run, cannot read
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        lw    t1, 0(a0)
        j     alive
xstore: li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_EXEC         ; --x: cannot be written either
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        sw    zero, 0(a0)
alive:  li    a0, 0
        sys   exit

; print(a0 = label): write the label, then the status word in decimal.
print:  call  puts
        la    t0, status
        lw    a0, 0(t0)
        call  putdec
        la    a0, newline
        j     puts

        .rodata
cases:  .word m1, nomap, m2, rdonly, m3, xonly, m4, xstore, 0, 0
m1:     .asciz "load from an unmapped address: "
m2:     .asciz "store into read-only memory: "
m3:     .asciz "load from execute-only memory: "
m4:     .asciz "store into execute-only memory: "
hello:  .asciz "constant"
newline: .asciz "\n"

        .bss
status: .space 4

        .include "lib/forkfail.s"
        .include "lib/print.s"

; --- how much memory it needs (a test runs each line) ---
; --frames 12 or more: the same output as with the default 256 frames.
; --frames 11 or fewer: "fork failed: ENOMEM" (no frames for the child's
; page tables), status 1.
