; crash_kinds.s: each way an instruction can kill a process, each in its own
; child. The parent waits for each and prints the status word wait stored:
; 128 + the signal. SIGSEGV (139) for no mapping and for a mapping that
; forbids the access, SIGILL (132) for bad opcodes and kernel-only
; instructions, SIGFPE (136) for division by zero, SIGTRAP (133) for brk.
;! stdout: load from address 0: 139\n
;! stdout: store into .text: 139\n
;! stdout: store into .rodata: 139\n
;! stdout: jump into .data: 139\n
;! stdout: load from 0x80000000: 139\n
;! stdout: jump to 0x80000000: 139\n
;! stdout: load from an execute-only page: 139\n
;! stdout: store to an execute-only page: 139\n
;! stdout: opcode 0x00: 132\n
;! stdout: opcode 0xff: 132\n
;! stdout: push with a nonzero d nibble: 132\n
;! stdout: copy with d = a: 132\n
;! stdout: halt in user mode: 132\n
;! stdout: sret in user mode: 132\n
;! stdout: csrr in user mode: 132\n
;! stdout: csrw in user mode: 132\n
;! stdout: tlbflush in user mode: 132\n
;! stdout: tlbwr in user mode: 132\n
;! stdout: div by zero: 136\n
;! stdout: remu by zero: 136\n
;! stdout: brk: 133\n
;! stdout: all children reaped: -10\n
;! stderr-contains: killed by SIGSEGV
;! stderr-contains: killed by SIGILL
;! stderr-contains: killed by SIGFPE
;! stderr-contains: killed by SIGTRAP
        .text
_start: la    s0, table
next:   lw    t0, 0(s0)
        beqz  t0, done
        sys   fork
        bnez  a0, parent
        lw    t1, 4(s0)             ; the child runs the crash
        jr    t1
parent: la    a0, status
        sys   wait
        lw    a0, 0(s0)
        la    t0, status
        lw    a1, 0(t0)
        call  say
        addi  s0, s0, 8
        j     next
done:   li    a0, 0
        sys   wait
        mov   a1, a0
        la    a0, m_none
        call  say
        li    a0, 0
        sys   exit

c_null: lw    t0, 0(zero)
        j     survived
c_text: la    t0, _start
        sw    t0, 0(t0)
        j     survived
c_ro:   la    t0, m_null
        sb    t0, 0(t0)
        j     survived
c_data: la    t0, dcode
        jr    t0
c_kload:
        li    t0, 0x80000000
        lw    t1, 0(t0)
        j     survived
c_kjump:
        li    t0, 0x80000000
        jr    t0
c_xload:
        call  xpage
        lw    t1, 0(a0)
        j     survived
c_xstore:
        call  xpage
        sw    a0, 0(a0)
        j     survived
c_op00: .byte 0x00
        j     survived
c_opff: .byte 0xff
        j     survived
c_push: .byte 0x11, 0x17            ; push's d nibble must be 0
        j     survived
c_copy: .byte 0x2f, 0x77, 0x80      ; copy t0, t0, t1
        j     survived
c_halt: halt
        j     survived
c_sret: sret
        j     survived
c_csrr: csrr  t0, 0
        j     survived
c_csrw: csrw  1, t0
        j     survived
c_tlbf: tlbflush zero
        j     survived
c_tlbw: tlbwr t0, t1
        j     survived
c_div:  li    t0, 5
        div   t1, t0, zero
        j     survived
c_remu: li    t0, 5
        li    t2, 0
        remu  t1, t0, t2
        j     survived
c_brk:  brk
        j     survived
survived:
        li    a0, 1                 ; an instruction that should have killed did not
        sys   exit

; xpage(): a new execute-only anonymous page; its address in a0.
xpage:  li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_EXEC
        li    a3, MAP_PRIVATE | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        ret

        .data
dcode:  .byte 0x01, 0x01            ; nop, nop: but .data is not executable

        .bss
status: .space 4

        .rodata
table:  .word m_null, c_null, m_text, c_text, m_ro, c_ro, m_data, c_data
        .word m_kload, c_kload, m_kjump, c_kjump, m_xload, c_xload, m_xstore, c_xstore
        .word m_op00, c_op00, m_opff, c_opff, m_push, c_push, m_copy, c_copy
        .word m_halt, c_halt, m_sret, c_sret, m_csrr, c_csrr, m_csrw, c_csrw
        .word m_tlbf, c_tlbf, m_tlbw, c_tlbw, m_div, c_div, m_remu, c_remu
        .word m_brk, c_brk, 0, 0
m_null:  .asciz "load from address 0: "
m_text:  .asciz "store into .text: "
m_ro:    .asciz "store into .rodata: "
m_data:  .asciz "jump into .data: "
m_kload: .asciz "load from 0x80000000: "
m_kjump: .asciz "jump to 0x80000000: "
m_xload: .asciz "load from an execute-only page: "
m_xstore: .asciz "store to an execute-only page: "
m_op00:  .asciz "opcode 0x00: "
m_opff:  .asciz "opcode 0xff: "
m_push:  .asciz "push with a nonzero d nibble: "
m_copy:  .asciz "copy with d = a: "
m_halt:  .asciz "halt in user mode: "
m_sret:  .asciz "sret in user mode: "
m_csrr:  .asciz "csrr in user mode: "
m_csrw:  .asciz "csrw in user mode: "
m_tlbf:  .asciz "tlbflush in user mode: "
m_tlbw:  .asciz "tlbwr in user mode: "
m_div:   .asciz "div by zero: "
m_remu:  .asciz "remu by zero: "
m_brk:   .asciz "brk: "
m_none:  .asciz "all children reaped: "

        .include "lib/io.s"
