; sigsegv_handler.s: a program that catches its own segmentation fault and
; repairs it. It stores to an address where nothing is mapped. The kernel
; finds no VMA there and, instead of killing the process, runs its SIGSEGV
; handler, with the fault address in a1. The handler maps a page there
; (mmap with MAP_FIXED) and returns with sigreturn, which goes back to the
; faulting store: the instruction is restarted, and this time it succeeds.
; This is the same restart the kernel does after every page fault it
; resolves by itself, made visible.
;
;     ./faultline run examples/sigsegv_handler.s
;     ./faultline run examples/sigsegv_handler.s --trace=fault,signal,restart,syscall
        .equ  WHERE, 0x50000000
        .text
_start: li    a0, SIGSEGV
        la    a1, handler
        sys   sigaction
        li    t0, WHERE + 0x10
        li    t1, 1234
        sw    t1, 0(t0)             ; nothing mapped: SIGSEGV, handler, restart
        lw    t2, 0(t0)
        li    a0, 1
        bne   t2, t1, out
        li    a0, 1
        la    a1, msg
        li    a2, len
        sys   write
        li    a0, 0
out:    sys   exit

; a0 = signal, a1 = fault address, a2 = cause, a3 = signal frame
handler:
        andi  a0, a1, -PAGE_SIZE    ; the page of the fault
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED
        li    a4, -1
        li    a5, 0
        sys   mmap
        sys   sigreturn             ; back to the store, which runs again

        .rodata
msg:    .ascii "the handler mapped the page; the store ran again and stuck\n"
        .equ  len, . - msg

; --- how much memory it needs (a test runs each line) ---
; --frames 6 or more: the same output as with the default 256 frames.
