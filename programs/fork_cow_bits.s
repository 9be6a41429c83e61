; fork_cow_bits.s: fork copies page tables, not pages. pginfo shows a
; private writable page turn read-only and copy-on-write in both processes
; at fork; the child's store gives it a private writable copy; the parent
; keeps its value, and its own later store makes its page writable again.
; A shared page stays writable and is never copy-on-write.
;! stdout: before fork: present=1 writable=1 cow=0\n
;! stdout: child after fork: present=1 writable=0 cow=1\n
;! stdout: child after its store: present=1 writable=1 cow=0\n
;! stdout: child's shared page: present=1 writable=1 cow=0\n
;! stdout: child sees: 2\n
;! stdout: parent after fork: present=1 writable=0 cow=1\n
;! stdout: child exited with: 2\n
;! stdout: parent still sees: 1\n
;! stdout: parent after its store: present=1 writable=1 cow=0\n
;! stdout: text page: present=1 writable=0 cow=0\n
        .text
_start: li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_SHARED | MAP_ANONYMOUS
        li    a4, -1
        li    a5, 0
        sys   mmap
        mov   s2, a0
        sw    s2, 0(s2)             ; the shared page is present before the fork
        la    s0, value
        li    t0, 1
        sw    t0, 0(s0)
        mov   a0, s0
        sys   pginfo
        mov   a1, a0
        la    a0, m_before
        call  bits

        sys   fork
        beqz  a0, child
        mov   a0, s0                ; parent: look now, print after the child is done
        sys   pginfo
        mov   s1, a0
        la    a0, status
        sys   wait
        la    a0, m_pafter
        mov   a1, s1
        call  bits
        la    t0, status
        lw    a1, 0(t0)
        la    a0, m_exit
        call  say
        lw    a1, 0(s0)
        la    a0, m_still
        call  say
        li    t0, 3
        sw    t0, 0(s0)
        mov   a0, s0
        sys   pginfo
        mov   a1, a0
        la    a0, m_pstore
        call  bits
        la    a0, _start
        sys   pginfo
        mov   a1, a0
        la    a0, m_text
        call  bits
        li    a0, 0
        sys   exit

child:  mov   a0, s0
        sys   pginfo
        mov   a1, a0
        la    a0, m_cafter
        call  bits
        li    t0, 2
        sw    t0, 0(s0)
        mov   a0, s0
        sys   pginfo
        mov   a1, a0
        la    a0, m_cstore
        call  bits
        mov   a0, s2
        sys   pginfo
        mov   a1, a0
        la    a0, m_shared
        call  bits
        lw    a1, 0(s0)
        la    a0, m_sees
        call  say
        lw    a0, 0(s0)
        sys   exit

; bits(a0 = label, a1 = pginfo mask): "label: present=P writable=W cow=C"
bits:   push  a1
        call  puts
        la    a0, m_p
        call  puts
        lw    a0, 0(sp)
        shri  a0, a0, 1
        andi  a0, a0, 1
        call  putdec
        la    a0, m_w
        call  puts
        lw    a0, 0(sp)
        shri  a0, a0, 2
        andi  a0, a0, 1
        call  putdec
        la    a0, m_c
        call  puts
        lw    a0, 0(sp)
        shri  a0, a0, 3
        andi  a0, a0, 1
        call  putdec
        call  putnl
        addi  sp, sp, 4
        ret

        .bss
value:  .space 4
status: .space 4

        .rodata
m_p:      .asciz ": present="
m_w:      .asciz " writable="
m_c:      .asciz " cow="
m_before: .asciz "before fork"
m_cafter: .asciz "child after fork"
m_cstore: .asciz "child after its store"
m_shared: .asciz "child's shared page"
m_sees:   .asciz "child sees: "
m_pafter: .asciz "parent after fork"
m_exit:   .asciz "child exited with: "
m_still:  .asciz "parent still sees: "
m_pstore: .asciz "parent after its store"
m_text:   .asciz "text page"

        .include "lib/io.s"
