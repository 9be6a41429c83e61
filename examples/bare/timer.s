; timer.s: time slicing with the timer, on the bare machine.
;
; Two user tasks, A and B, each count to a few hundred between lines of
; output. Neither ever gives the processor away: the timer takes it. When
; CYCLE (retired instructions) reaches TIMECMP and STATUS.IE is 1, the
; machine traps TIMER between two instructions. The handler saves the running
; task's registers and pc, moves TIMECMP one quantum ahead, and returns with
; sret into the other task, where that one left off. Tasks print through
; `sys write` and stop with `sys exit`; paging stays off.

        .equ  QUANTUM, 1000           ; instructions per time slice
        .equ  HSTACK, 0x8000          ; the handler's stack top
        .equ  TIMER, 7
        .equ  SYSCALL, 4
        .equ  TASK_PC, 64             ; a task: r0..r15 (64 bytes), pc, done, name
        .equ  TASK_DONE, 68
        .equ  TASK_NAME, 72
        .equ  STATUS_M, 1
        .equ  STATUS_PIE, 8

        .text
_start: li    sp, HSTACK
        la    t0, trap
        csrw  tvec, t0
        la    t0, task_a              ; A runs first
        sw    t0, current
        lw    t1, TASK_PC(t0)
        csrw  epc, t1
        csrr  t1, cycle
        addi  t1, t1, QUANTUM
        csrw  timecmp, t1             ; arms the timer
        li    t1, STATUS_M | STATUS_PIE
        csrw  status, t1              ; sret: user mode, with interrupts on (IE = PIE)
        li    sp, 0x28000             ; A's stack
        sret

; ---- the trap handler: kernel mode, interrupts off.
trap:   csrw  scratch, t0
        lw    t0, current             ; save the running task
        sw    a0, 4(t0)
        sw    a1, 8(t0)
        sw    a2, 12(t0)
        sw    a3, 16(t0)
        sw    a4, 20(t0)
        sw    a5, 24(t0)
        sw    t1, 32(t0)
        sw    t2, 36(t0)
        sw    t3, 40(t0)
        sw    s0, 44(t0)
        sw    s1, 48(t0)
        sw    s2, 52(t0)
        sw    fp, 56(t0)
        sw    sp, 60(t0)
        csrr  t1, scratch
        sw    t1, 28(t0)
        csrr  t1, epc
        sw    t1, TASK_PC(t0)
        li    sp, HSTACK
        csrr  s0, cause
        li    t1, TIMER
        beq   s0, t1, on_timer
        li    t1, SYSCALL
        beq   s0, t1, on_syscall
        la    a0, bad_msg             ; the tasks never do anything else
        call  puts
        li    a0, 1
        halt

on_timer:
        csrr  t1, cycle               ; the next slice ends one quantum from now
        addi  t1, t1, QUANTUM
        csrw  timecmp, t1
        call  switch
        jmp   resume

on_syscall:
        lw    t0, current
        lw    t1, TASK_PC(t0)
        addi  t1, t1, 5               ; past the sys instruction
        sw    t1, TASK_PC(t0)
        csrr  t1, tval
        li    t2, SYS_EXIT
        beq   t1, t2, sys_exit
        lw    s1, 8(t0)               ; write: a1 = buffer, a2 = length
        lw    s2, 12(t0)
write_next:
        beqz  s2, resume
        lbu   a0, 0(s1)
        call  putc
        addi  s1, s1, 1
        addi  s2, s2, -1
        jmp   write_next
sys_exit:
        li    t1, 1
        sw    t1, TASK_DONE(t0)
        la    a0, exit_msg
        call  puts
        lw    t0, current
        lw    a0, TASK_NAME(t0)
        call  putc
        li    a0, '\n'
        call  putc
        call  switch
        lw    t0, current
        lw    t1, TASK_DONE(t0)
        beqz  t1, resume
        la    a0, done_msg            ; both are done
        call  puts
        li    a0, 0
        halt

; switch: makes the other task current, unless it has exited.
switch: lw    s1, current             ; s1: the running task, s2: the other
        la    t1, task_a
        la    s2, task_b
        beq   s1, t1, switch_1
        mov   s2, t1                  ; B is running: the other is A
switch_1:
        lw    t3, TASK_DONE(s2)
        bnez  t3, switch_done
        sw    s2, current
        la    a0, switch_msg
        call  puts
        lw    a0, TASK_NAME(s1)
        call  putc
        la    a0, arrow_msg
        call  puts
        lw    a0, TASK_NAME(s2)
        call  putc
        li    a0, '\n'
        call  putc
switch_done:
        ret

resume: lw    t0, current             ; restore the current task and return to it
        lw    t1, TASK_PC(t0)
        csrw  epc, t1
        lw    a0, 4(t0)
        lw    a1, 8(t0)
        lw    a2, 12(t0)
        lw    a3, 16(t0)
        lw    a4, 20(t0)
        lw    a5, 24(t0)
        lw    t1, 32(t0)
        lw    t2, 36(t0)
        lw    t3, 40(t0)
        lw    s0, 44(t0)
        lw    s1, 48(t0)
        lw    s2, 52(t0)
        lw    fp, 56(t0)
        lw    sp, 60(t0)
        lw    t0, 28(t0)
        sret                          ; user mode; IE back to 1 (PIE)

        .include "console.s"

; ---- the tasks (user mode). Each line: "A: line N", then a busy count.
; a0 = the task's letter, a1 = its message, s0 = lines left, s1 = line number.
task_main:
        li    s1, '1'
line:   sb    s1, 8(a1)               ; the digit of "X: line N"
        mov   s2, a1
        li    a0, 1
        li    a2, 10
        sys   write
        mov   a1, s2
        li    t0, 0
busy:   addi  t0, t0, 1               ; about 1500 instructions of work
        slti  t1, t0, 500
        bnez  t1, busy
        addi  s1, s1, 1
        addi  s0, s0, -1
        bnez  s0, line
        li    a0, 0
        sys   exit

start_a:
        la    a1, msg_a
        li    s0, 4
        jmp   task_main
start_b:
        la    a1, msg_b
        li    s0, 3
        li    sp, 0x30000             ; B's own stack
        jmp   task_main

        .rodata
switch_msg: .asciz "[switch] "
arrow_msg:  .asciz " -> "
exit_msg:   .asciz "[exit] "
done_msg:   .asciz "[both tasks are done]\n"
bad_msg:    .asciz "unexpected trap\n"

        .data
current:    .word 0
task_a:     .space 64
            .word start_a, 0, 'A'
task_b:     .space 64
            .word start_b, 0, 'B'
msg_a:      .ascii "A: line ?\n"
            .byte 0
msg_b:      .ascii "B: line ?\n"
            .byte 0
