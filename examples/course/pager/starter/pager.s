; pager.s: a demand pager for the bare machine, with its page-fault path
; missing. Write demand_zero (below); README.md says what it must do and how
; your work is graded:
;
;     ./faultline run --bare examples/course/pager/starter/pager.s
;     ./faultline test examples/course/pager/cases --set SUBMISSION=examples/course/pager/starter
;
; The rest of this file works as it is: the trap entry and exit, system
; calls, the page-table helpers (walk, map, alloc_frame), the console and
; the two user programs it runs.
;
; It is its own kernel. It installs a trap handler, builds a two-level page
; table in physical memory, maps itself and the console, turns paging on and
; enters two user programs (below, in this same file) with sret. A user page
; arrives on first touch: the load or store faults, the handler gives the page
; a zeroed frame and returns to the faulting instruction, which runs again.
; The handler also serves `sys write` and `sys exit`, and kills a program
; whose access falls outside its range. With --tlb-refill sw it also refills
; the TLB itself: it walks its own table and writes the entry with tlbwr.
;
; Physical memory: the handler's stack below 0x7000, the pager's stack below
; 0x8000, this program from 0x10000, and frames for tables and pages from
; POOL (the root table is the first). It needs 96 frames (the default is 256).

        .equ  V, 1
        .equ  R, 2
        .equ  W, 4
        .equ  X, 8
        .equ  U, 16
        .equ  A, 32
        .equ  D, 64
        .equ  HSTACK, 0x7000          ; the handler's stack top (used with paging off)
        .equ  KSTACK, 0x8000          ; the pager's stack top (mapped)
        .equ  POOL, 0x30000           ; the first free frame: the root table
        .equ  POOL_END, 0x60000
        .equ  PTBR_OFF, POOL >> 12    ; the root frame, paging off
        .equ  PTBR_ON, 0x80000000 | PTBR_OFF
        .equ  USER_LO, 0x40000000     ; a user program's range: 16 pages, the stack at the top
        .equ  USER_HI, 0x40010000
        .equ  SYSCALL, 4
        .equ  SAVED_T0, 28            ; offset of r7 (t0) in the register save area
        .equ  SAVED_SP, 60            ; offset of r15 (sp)

        .text
; ---- trap entry and exit: this page must be mapped (and, with software
; refill, in the TLB) whenever paging is on, so it is the first page.
trap:   csrw  scratch, t0
        li    t0, PTBR_OFF
        csrw  ptbr, t0                ; paging off: the handler works on physical memory
        la    t0, saved
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
        sw    sp, SAVED_SP(t0)
        csrr  t1, scratch
        sw    t1, SAVED_T0(t0)
        li    sp, HSTACK
        call  handle
resume: la    t0, saved               ; back to whoever trapped (or a new program)
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
        lw    sp, SAVED_SP(t0)
        lw    t0, SAVED_T0(t0)
        csrw  scratch, t0
        li    t0, PTBR_ON
        csrw  ptbr, t0                ; paging on again
        csrr  t0, scratch
        sret                          ; EPC unchanged: the trapping instruction runs again

; ---- the handler (paging off). Every path returns to resume.
handle: csrr  s0, cause
        csrr  s1, tval
        li    t0, SYSCALL
        beq   s0, t0, syscall
        li    t0, 8
        bge   s0, t0, refill          ; 8, 9, 10: a TLB miss (software refill only)
        li    t0, 1
        beq   s0, t0, page_fault      ; LOAD_FAULT
        li    t0, 2
        beq   s0, t0, page_fault      ; STORE_FAULT
        jmp   kill                    ; FETCH_FAULT, ILLEGAL, BREAKPOINT, DIVIDE

; A load or store fault (hardware refill): the walker found no valid page.
page_fault:
        call  demand_zero             ; kills the program if the page is not its to have
        ret

; A TLB miss: walk the table as the hardware would, then tlbwr the entry.
refill: mov   a0, s1
        call  walk
        beqz  a0, refill_fault
        lw    t0, 0(a0)
        andi  t1, t0, V
        beqz  t1, refill_fault
refill_write:                         ; t0 = a valid leaf, a0 = its address
        ori   t0, t0, A               ; mark it accessed, and dirty if writable,
        andi  t1, t0, W               ; since the TLB never comes back to set D
        shli  t1, t1, 4
        or    t0, t0, t1
        sw    t0, 0(a0)
        shri  t1, s1, 12
        tlbwr t1, t0
        ret
refill_fault:                         ; no valid leaf: the page fault the walker would raise
        call  demand_zero
        mov   a0, s1
        call  walk
        lw    t0, 0(a0)
        jmp   refill_write

; demand_zero: s1 = the faulting address (TVAL), s0 = the cause.
; YOUR WORK (see README.md): if the page is the user program's (USER_LO <=
; s1 < USER_HI, the trap came from user mode, and the page has no valid
; entry yet), give it a fresh zeroed frame (alloc_frame), map it for the
; user (map, with V | R | W | U), drop any stale TLB entry (tlbflush) and
; return: the trapping instruction then runs again. Anything else: jmp kill.
demand_zero:
        jmp   kill                    ; replace this line with the page-fault path

syscall:
        li    t0, SYS_WRITE
        beq   s1, t0, sys_write
        li    t0, SYS_EXIT
        beq   s1, t0, sys_exit
        li    t0, -38                 ; anything else: -ENOSYS
        jmp   sys_return
sys_write:                            ; a0 = fd (any), a1 = buffer, a2 = length
        la    t0, saved
        lw    s0, 8(t0)
        lw    s2, 12(t0)
        li    s1, 0
sw_next:
        bgeu  s1, s2, sw_done
        add   a0, s0, s1
        call  user_byte               ; the pager reads user memory through the table
        blt   a0, zero, sw_done
        call  putc
        addi  s1, s1, 1
        jmp   sw_next
sw_done:
        mov   t0, s1
sys_return:                           ; t0 = the result for a0; step over the sys
        la    t1, saved
        sw    t0, 4(t1)
        csrr  t0, epc
        addi  t0, t0, 5
        csrw  epc, t0
        ret
sys_exit:
        la    a0, pager_msg
        call  puts
        call  say_name
        la    a0, exit_msg
        call  puts
        la    t0, saved
        lw    a0, 4(t0)
        call  putdec
        li    a0, '\n'
        call  putc
        jmp   next_program

kill:   csrr  t0, status
        andi  t0, t0, 2
        bnez  t0, panic               ; the pager itself trapped: a bug here
        la    a0, kill_msg
        call  puts
        call  say_name
        li    a0, ':'
        call  putc
        li    a0, ' '
        call  putc
        la    t0, cause_names
        shli  t1, s0, 2
        add   t0, t0, t1
        lw    a0, 0(t0)
        call  puts
        la    a0, at_msg
        call  puts
        mov   a0, s1
        call  puthex
        la    a0, pc_msg
        call  puts
        csrr  a0, epc
        call  puthex
        la    a0, close_msg
        call  puts
next_program:                         ; forget the old program's pages, start the next
        li    t0, USER_LO >> 22
        shli  t0, t0, 2
        sw    zero, POOL(t0)          ; (its table and frames are not reused: a bump allocator)
        tlbflush zero                 ; every entry goes, the trap page's too:
        call  load_trap_entry         ; put that one back before paging goes on
        la    t0, current
        lw    t1, 0(t0)
        addi  t1, t1, 1
        sw    t1, 0(t0)
        call  prepare
        beqz  a0, all_done
        ret
all_done:
        la    a0, done_msg
        call  puts
        li    a0, 0
        halt
panic:  la    a0, panic_msg
        call  puts
        li    a0, 1
        halt

; ---- boot: paging off, kernel mode, every register 0.
_start: li    sp, KSTACK
        la    a0, boot_msg
        call  puts
        call  alloc_frame             ; the root table (the pool's first frame)
        li    a0, KSTACK - 4096       ; the pager's stack
        li    a1, KSTACK
        li    a2, V | R | W
        call  map_range
        li    a0, 0x10000             ; the pager's code: kernel only (no U)
        la    a1, user_text
        li    a2, V | R | X
        call  map_range
        la    a0, user_text           ; the user programs' code
        la    a1, user_text_end
        li    a2, V | R | X | U
        call  map_range
        la    a0, user_text_end       ; the pager's data
        la    a1, image_end
        li    a2, V | R | W
        call  map_range
        li    a0, CONSOLE             ; the console, at its own address
        li    a1, CONSOLE
        li    a2, V | R | W
        call  map
        la    t0, trap
        csrw  tvec, t0
        call  load_trap_entry
        li    t0, PTBR_ON
        csrw  ptbr, t0                ; paging on
        la    a0, paging_msg          ; through the mapped console
        call  puts
        call  prepare
        li    t0, 1                   ; M = kernel now; PM = user, so sret goes to
        csrw  status, t0              ; user mode (interrupts off: IE = PIE = 0)
        jmp   resume

; prepare: sets up program number `current` to run at the next sret:
; registers 0, sp at the top of its range, EPC at its entry. a0 = 0 if none.
prepare:
        la    t0, saved
        li    t1, 0
prep_clear:
        add   t2, t0, t1
        sw    zero, 0(t2)
        addi  t1, t1, 4
        li    t2, 64
        blt   t1, t2, prep_clear
        li    t1, USER_HI
        sw    t1, SAVED_SP(t0)
        la    t0, current
        lw    t1, 0(t0)
        shli  t1, t1, 3
        la    t0, programs
        add   t0, t0, t1
        lw    a0, 0(t0)
        beqz  a0, prep_done
        csrw  epc, a0
        la    a0, start_msg
        call  puts
        call  say_name
        li    a0, '\n'
        call  putc
        li    a0, 1
prep_done:
        ret

say_name:                             ; writes the current program's name
        la    t0, current
        lw    t1, 0(t0)
        shli  t1, t1, 3
        la    t0, programs + 4
        add   t0, t0, t1
        lw    a0, 0(t0)
        jmp   puts

; load_trap_entry: writes the trap page's entry into the TLB. With software
; refill, a miss on the handler's own first page could never be handled.
load_trap_entry:
        la    a0, trap
        call  walk
        lw    t1, 0(a0)
        ori   t1, t1, A
        la    t0, trap
        shri  t0, t0, 12
        tlbwr t0, t1
        ret

; ---- page tables, in physical memory (used with paging off only).
; walk: a0 = va -> a0 = address of its leaf entry, or 0 when it has no table.
walk:   shri  t0, a0, 22
        shli  t0, t0, 2
        lw    t1, POOL(t0)            ; the root entry
        andi  t2, t1, V | R | W | X
        li    t3, V
        bne   t2, t3, walk_none       ; not a pointer to a table
        shri  t1, t1, 10
        shli  t1, t1, 12              ; the table's physical address
        shri  t2, a0, 10
        andi  t2, t2, 0xFFC           ; 4 * the second-level index
        add   a0, t1, t2
        ret
walk_none:
        li    a0, 0
        ret

; map: a0 = va, a1 = pa, a2 = flags. Makes the table if needed. a0 = 0 if out of frames.
map:    push  s0
        mov   s0, a0
        call  walk
        bnez  a0, map_set
        call  alloc_frame             ; a new second-level table
        beqz  a0, map_done
        shri  t0, a0, 12
        shli  t0, t0, 10
        ori   t0, t0, V               ; V alone: a pointer to a table
        shri  t1, s0, 22
        shli  t1, t1, 2
        sw    t0, POOL(t1)
        mov   a0, s0
        call  walk
map_set:
        shri  t0, a1, 12
        shli  t0, t0, 10
        or    t0, t0, a2
        sw    t0, 0(a0)
map_done:
        pop   s0
        ret

; map_range: maps [a0, a1) to the same physical addresses with flags a2.
map_range:
        push  s1
        push  s2
        mov   s1, a0
        mov   s2, a1
mr_next:
        bgeu  s1, s2, mr_done
        mov   a0, s1
        mov   a1, s1
        call  map
        addi  s1, s1, 4096
        jmp   mr_next
mr_done:
        pop   s2
        pop   s1
        ret

; alloc_frame: a0 = the physical address of a zeroed frame, or 0 when none is left.
alloc_frame:
        la    t0, next_frame
        lw    a0, 0(t0)
        li    t1, POOL_END
        bgeu  a0, t1, alloc_none
        addi  t1, a0, 4096
        sw    t1, 0(t0)
        mov   t0, a0
alloc_zero:
        sw    zero, 0(t0)
        addi  t0, t0, 4
        bltu  t0, t1, alloc_zero
        ret
alloc_none:
        li    a0, 0
        ret

; user_byte: a0 = user va -> a0 = the byte there, or -1 if the user may not read it.
user_byte:
        push  s0
        mov   s0, a0
        call  walk
        beqz  a0, ub_bad
        lw    t0, 0(a0)
        andi  t1, t0, V | R | U
        li    t2, V | R | U
        bne   t1, t2, ub_bad
        shri  t0, t0, 10
        shli  t0, t0, 12
        andi  t1, s0, 0xFFF
        add   t0, t0, t1
        lbu   a0, 0(t0)
        pop   s0
        ret
ub_bad: li    a0, -1
        pop   s0
        ret

        .include "console.s"

; ---- the user programs: user mode, paging on, their own page of code.
        .align 4096
user_text:
; user1 touches six pages of its range. Each first touch is a load that
; faults; the page arrives zeroed; then it stores page number + 1 there.
user1:  li    s0, USER_LO
        li    s1, 0
        li    s2, 0                   ; the sum of the first reads: must stay 0
u1_fill:
        shli  t0, s1, 12
        add   t0, t0, s0
        lw    t1, 0(t0)               ; faults the first time, then reads 0
        add   s2, s2, t1
        addi  t1, s1, 1
        sw    t1, 0(t0)
        addi  s1, s1, 1
        li    t2, 6
        blt   s1, t2, u1_fill
        bnez  s2, u1_bad
        li    s1, 0                   ; read them back: 1 + 2 + ... + 6 = 21
u1_sum: shli  t0, s1, 12
        add   t0, t0, s0
        lw    t1, 0(t0)
        add   s2, s2, t1
        addi  s1, s1, 1
        li    t2, 6
        blt   s1, t2, u1_sum
        li    t2, 21
        bne   s2, t2, u1_bad
        la    a1, u1_ok
        li    a2, u1_ok_len
        call  u_write                 ; the call's push faults in the stack page
        li    a0, 0
        sys   exit
u1_bad: la    a1, u1_fail
        li    a2, u1_fail_len
        call  u_write
        li    a0, 1
        sys   exit
u_write:
        li    a0, 1
        sys   write
        ret
; user2 uses one page, then stores into the pager's code: it gets killed.
user2:  li    s0, USER_LO
        sw    s0, 0x100(s0)
        la    a1, u2_msg
        li    a2, u2_msg_len
        li    a0, 1
        sys   write
        li    t0, 0x10000
        sw    zero, 0(t0)             ; no U bit there: a store fault
        li    a0, 0
        sys   exit                    ; never reached
u1_ok:  .ascii "user1: six pages, each zero on first touch, now hold 1..6 (sum 21)\n"
        .equ  u1_ok_len, . - u1_ok
u1_fail:
        .ascii "user1: wrong values!\n"
        .equ  u1_fail_len, . - u1_fail
u2_msg: .ascii "user2: now a store to the pager's code at 0x00010000\n"
        .equ  u2_msg_len, . - u2_msg
        .align 4096
user_text_end:

        .rodata
programs:
        .word user1, name1, user2, name2, 0, 0
name1:  .asciz "user1"
name2:  .asciz "user2"
cause_names:
        .word c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10
c0:     .asciz "fetch_fault"
c1:     .asciz "load_fault"
c2:     .asciz "store_fault"
c3:     .asciz "illegal"
c4:     .asciz "syscall"
c5:     .asciz "breakpoint"
c6:     .asciz "divide"
c7:     .asciz "timer"
c8:     .asciz "tlb_miss_fetch"
c9:     .asciz "tlb_miss_load"
c10:    .asciz "tlb_miss_store"
pager_msg:  .asciz "pager: "
boot_msg:   .asciz "pager: building the page tables\n"
paging_msg: .asciz "pager: paging is on\n"
start_msg:  .asciz "pager: starting "
page_msg:   .asciz "pager: page "
frame_msg:  .asciz " gets frame "
exit_msg:   .asciz " exited with status "
kill_msg:   .asciz "pager: killed "
at_msg:     .asciz " at "
pc_msg:     .asciz " (pc "
close_msg:  .asciz ")\n"
done_msg:   .asciz "pager: no more programs\n"
panic_msg:  .asciz "pager: a trap in the pager itself\n"

        .data
next_frame: .word POOL
current:    .word 0
saved:      .space 64                 ; the trapped registers, r0 .. r15
image_end:
