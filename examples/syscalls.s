; syscalls.s: every one of the 24 system calls, each used once for what it
; is for, written from docs/abi.md alone. Run it from the project root:
;
;     ./faultline run examples/syscalls.s --root examples/files
;     ./faultline run examples/syscalls.s --root examples/files --trace=syscall,signal,fork,exit
;
; It reads /poem.txt, grows the heap, maps, protects and drops pages,
; catches a SIGSEGV and repairs it, writes an FLX executable of its own
; (/exec_demo.flx, left in the root folder), patches that file through a
; shared mapping, runs it in a child with fork + exec, and kills a second
; child. The walkthrough is in examples/README.md.
;
; Helpers at the end: puts(a0 = string), putdec(a0), say(a0 = string,
; a1 = number) prints "string number\n". They may change a0-a5 and t0-t3.

        .text
_start:
; --- getpid, getppid ----------------------------------------------------
        sys   getpid                ; process 1: the program itself
        mov   a1, a0
        la    a0, m_pid
        call  say
        sys   getppid               ; process 1 has no parent: 0
        mov   a1, a0
        la    a0, m_ppid
        call  say

; --- open, read, lseek, close -------------------------------------------
        la    a0, p_missing         ; a file that is not there: -ENOENT (-2)
        li    a1, O_RDONLY
        sys   open
        mov   a1, a0
        la    a0, m_enoent
        call  say
        la    a0, p_poem
        li    a1, O_RDONLY
        sys   open
        blt   a0, zero, fail
        mov   s0, a0                ; s0 = the poem's fd
        mov   a0, s0
        la    a1, buf
        li    a2, 9
        sys   read                  ; the first 9 bytes: "Faultline"
        li    t0, 9
        bne   a0, t0, fail
        la    a0, m_read
        call  puts
        li    a0, 1
        la    a1, buf
        li    a2, 9
        sys   write
        call  putnl
        mov   a0, s0
        li    a1, 0
        li    a2, 2                 ; whence 2: from the end, so the result is the size
        sys   lseek
        mov   a1, a0
        la    a0, m_size
        call  say
        mov   a0, s0
        sys   close
        bnez  a0, fail
        mov   a0, s0                ; closing it twice: -EBADF (-9)
        sys   close
        mov   a1, a0
        la    a0, m_ebadf
        call  say

; --- ticks ---------------------------------------------------------------
        sys   ticks                 ; instructions retired before this one
        mov   s1, a0
        li    t0, 100
tloop:  addi  t0, t0, -1
        bnez  t0, tloop
        sys   ticks                 ; 203 more: the first sys, mov, li, 100 * 2
        sub   a1, a0, s1
        la    a0, m_ticks
        call  say

; --- sbrk ----------------------------------------------------------------
        li    a0, 0
        sys   sbrk                  ; where the break is now
        mov   s1, a0
        li    a0, PAGE_SIZE
        sys   sbrk                  ; one page more; returns the old break
        bne   a0, s1, fail
        li    t0, 1234
        sw    t0, 0(s1)             ; first touch of the new page: demand-zero fault
        li    a0, 0
        sys   sbrk
        sub   a1, a0, s1
        la    a0, m_sbrk
        call  say

; --- mmap, pginfo, madvise ----------------------------------------------
        li    a0, 0                 ; addr: ignored without MAP_FIXED
        li    a1, 2 * PAGE_SIZE
        li    a2, PROT_READ + PROT_WRITE
        li    a3, MAP_PRIVATE + MAP_ANONYMOUS
        li    a4, -1                ; fd and offset: ignored for anonymous memory
        li    a5, 0
        sys   mmap
        mov   s1, a0                ; s1 = two fresh pages
        mov   a1, s1
        la    a0, m_mmap
        call  sayx
        mov   a0, s1
        sys   pginfo                ; in an area, not present yet: 1
        andi  a1, a0, 7
        la    a0, m_pg_new
        call  say
        li    t0, 77
        sw    t0, 0(s1)
        mov   a0, s1
        sys   pginfo                ; area + present + writable: 7
        andi  a1, a0, 7
        la    a0, m_pg_used
        call  say
        mov   a0, s1
        li    a1, PAGE_SIZE
        li    a2, MADV_DONTNEED
        sys   madvise               ; drop the page: private anonymous memory comes back as zeros
        bnez  a0, fail
        mov   a0, s1
        sys   pginfo
        andi  a1, a0, 7
        la    a0, m_pg_drop
        call  say
        lw    a1, 0(s1)
        la    a0, m_zero
        call  say

; --- sigaction, mprotect, sigreturn ---------------------------------------
        li    a0, SIGSEGV
        la    a1, on_segv
        sys   sigaction             ; returns the old handler: SIG_DFL (0)
        bnez  a0, fail
        mov   a0, s1
        li    a1, PAGE_SIZE
        li    a2, PROT_READ
        sys   mprotect              ; the first page is read-only now
        bnez  a0, fail
        li    t0, 88
        sw    t0, 0(s1)             ; SIGSEGV; the handler repairs it; this store runs again
        lw    a1, 0(s1)
        la    a0, m_after
        call  say
        la    t0, segvs
        lw    a1, 0(t0)
        la    a0, m_segvs
        call  say
        mov   a0, s1
        li    a1, 2 * PAGE_SIZE
        sys   munmap
        bnez  a0, fail
        mov   a0, s1
        sys   pginfo                ; no area any more: 0
        mov   a1, a0
        la    a0, m_unmap
        call  say

; --- rusage ---------------------------------------------------------------
        la    a0, usage
        sys   rusage
        bnez  a0, fail
        la    t0, usage
        lw    t1, 0(t0)             ; minor faults
        lw    t2, 4(t0)             ; major faults
        add   t1, t1, t2
        beqz  t1, fail              ; every page above arrived by a fault
        lw    t1, 24(t0)            ; retired instructions
        beqz  t1, fail
        la    a0, m_rusage
        call  puts

; --- write an executable, patch it through a shared mapping, msync --------
        la    a0, p_exec
        li    a1, O_WRONLY + O_CREAT + O_TRUNC
        sys   open
        blt   a0, zero, fail
        mov   s0, a0
        mov   a0, s0
        la    a1, image
        li    a2, image_end - image
        sys   write
        li    t0, image_end - image
        bne   a0, t0, fail
        mov   a0, s0
        sys   close
        la    a0, p_exec
        li    a1, O_RDWR
        sys   open
        blt   a0, zero, fail
        mov   s0, a0
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ + PROT_WRITE
        li    a3, MAP_SHARED
        mov   a4, s0
        li    a5, 4096              ; the code page of the file (offsets are page-aligned)
        sys   mmap
        blt   a0, zero, fail
        mov   s1, a0
        li    t0, 42                ; the low byte of the new program's exit status
        sb    t0, ex_status + 2 - ex_code(s1)
        mov   a0, s1
        li    a1, PAGE_SIZE
        li    a2, MS_SYNC
        sys   msync                 ; the change reaches the file now
        bnez  a0, fail
        mov   a0, s1
        li    a1, PAGE_SIZE
        sys   munmap
        mov   a0, s0
        sys   close

; --- fork, exec, wait -----------------------------------------------------
        sys   fork
        blt   a0, zero, forkfail    ; prints "fork failed: ENOMEM" (lib/forkfail.s)
        beqz  a0, child
        la    a0, status
        sys   wait                  ; blocks until the child ends
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_exec
        call  say

; --- fork, yield, kill ----------------------------------------------------
        sys   fork
        blt   a0, zero, forkfail    ; prints "fork failed: ENOMEM" (lib/forkfail.s)
        beqz  a0, spin
        mov   s0, a0
        sys   yield                 ; let the child run a little
        mov   a0, s0
        li    a1, 0
        sys   kill                  ; signal 0: only "does it exist?"
        bnez  a0, fail
        mov   a0, s0
        li    a1, SIGTERM
        sys   kill
        bnez  a0, fail
        la    a0, status
        sys   wait
        bne   a0, s0, fail
        la    t0, status
        lw    a1, 0(t0)             ; 128 + SIGTERM
        la    a0, m_killed
        call  say
        la    a0, status
        sys   wait                  ; no children left: -ECHILD (-10)
        mov   a1, a0
        la    a0, m_echild
        call  say

        la    a0, m_done
        call  puts
        li    a0, 0
        sys   exit

; The first child: become the program in /exec_demo.flx.
child:  la    a0, p_exec
        sys   exec                  ; returns only on failure
        li    a0, 99
        sys   exit

; The second child: give the processor away until killed.
spin:   sys   yield
        j     spin

fail:   la    a0, m_fail
        call  puts
        li    a0, 1
        sys   exit

; SIGSEGV handler: a0 = signal, a1 = faulting address, a2 = cause, sp = frame.
on_segv:
        la    t0, segvs
        lw    t1, 0(t0)
        addi  t1, t1, 1
        sw    t1, 0(t0)
        andi  a0, a1, -PAGE_SIZE    ; the faulting page
        li    a1, PAGE_SIZE
        li    a2, PROT_READ + PROT_WRITE
        sys   mprotect              ; writable again
        sys   sigreturn             ; back to the store, which now succeeds

; ---------------------------------------------------------------- helpers
putnl:  la    a0, nl
        j     puts

; puts, putdec, puthex and puterr come from lib/print.s, included at the end.

say:    push  a1                    ; "a0 a1\n", a1 in decimal
        call  puts
        la    a0, space
        call  puts
        pop   a0
        call  putdec
        j     putnl

sayx:   push  a1                    ; "a0 a1\n", a1 in hex
        call  puts
        la    a0, space
        call  puts
        pop   a0
        call  puthex
        j     putnl

        .rodata
p_poem:    .asciz "/poem.txt"
p_missing: .asciz "/no-such-file"
p_exec:    .asciz "/exec_demo.flx"
m_pid:     .asciz "getpid:"
m_ppid:    .asciz "getppid:"
m_enoent:  .asciz "open of a missing file:"
m_read:    .asciz "read: "
m_size:    .asciz "lseek to the end: size"
m_ebadf:   .asciz "close of a closed fd:"
m_ticks:   .asciz "ticks for a 100-turn loop:"
m_sbrk:    .asciz "sbrk moved the break by"
m_mmap:    .asciz "mmap:"
m_pg_new:  .asciz "pginfo before the first touch:"
m_pg_used: .asciz "pginfo after a store:"
m_pg_drop: .asciz "pginfo after madvise(MADV_DONTNEED):"
m_zero:    .asciz "the word reads back as"
m_after:   .asciz "store to a read-only page, after the handler:"
m_segvs:   .asciz "SIGSEGV handled:"
m_unmap:   .asciz "pginfo after munmap:"
m_rusage:  .asciz "rusage: faults and instructions counted\n"
m_exec:    .asciz "the exec'd child exited with"
m_killed:  .asciz "the spinning child was killed, status"
m_echild:  .asciz "wait with no children left:"
m_done:    .asciz "all 24 system calls used\n"
m_fail:    .asciz "unexpected result\n"
nl:        .asciz "\n"
space:     .asciz " "

; An FLX executable (docs/flx.md): a 64-byte header, one segment header,
; padding to 4096, then one page of code mapped at 0x00010000. Its
; instructions are only bytes here; they run once exec maps them.
image:  .ascii "FLX1"
        .word 0x10000               ; entry point
        .word 1                     ; one segment
        .word 0, 0, 0, 0, 0, 0      ; no symbols, no strings, no lines
        .space 64 - (. - image)
        .word 0x10000               ; vaddr
        .word image_end - ex_code   ; memsz
        .word 4096                  ; file offset
        .word image_end - ex_code   ; filesz
        .word 5                     ; R + X
        .word 0
        .space 4096 - (. - image)
ex_code:
        li    a0, 1
        li    a1, 0x10000 + ex_msg - ex_code   ; where the message will be
        li    a2, ex_end - ex_msg
        sys   write
ex_status:
        li    a0, 5                 ; the parent patches this to 42
        sys   exit
ex_msg: .ascii "hello from /exec_demo.flx\n"
ex_end:
image_end:

        .bss
buf:    .space 16
usage:  .space 32
status: .space 4
segvs:  .space 4

        .include "lib/forkfail.s"
        .include "lib/print.s"

; --- how much memory it needs (a test runs each line) ---
; --frames 14 or more: the same output as with the default 256 frames.
; --frames 13 or fewer: "fork failed: ENOMEM" (no frames for the child's
; page tables), status 1.
