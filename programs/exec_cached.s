; exec_cached.s: exec reads the executable through the page cache, as read()
; does. The program maps /bin/says.flx MAP_SHARED, finds the letter the
; program prints ("says: A") and changes it to B with a store, with no msync:
; read() of the file sees B, and the program exec runs prints B. Only a
; regular file can be executed: a folder and a FIFO are -EACCES, and the
; FIFO's exec returns at once instead of waiting for a writer.
;! flx bin/says.flx: helper/exec_says.s
;! fifo bin/pipe:
;! stdout: exec of a folder: -13\n
;! stdout: exec of the root: -13\n
;! stdout: exec of a FIFO: -13\n
;! stdout: the letter: found\n
;! stdout: read() sees: B\n
;! stdout: the new program says: B\n
        .text
_start: la    a0, p_bin
        sys   exec
        mov   a1, a0
        la    a0, m_dir
        call  say
        la    a0, p_root
        sys   exec
        mov   a1, a0
        la    a0, m_root
        call  say
        la    a0, p_pipe
        sys   exec
        mov   a1, a0
        la    a0, m_pipe
        call  say

        la    a0, p_says
        li    a1, O_RDWR
        sys   open
        mov   s0, a0
        li    a1, 0                 ; the file's size
        li    a2, 2                 ; SEEK_END
        sys   lseek
        mov   s2, a0
        li    a0, 0
        mov   a1, s2
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_SHARED
        mov   a4, s0
        li    a5, 0
        sys   mmap
        mov   s1, a0

        li    t0, 0                 ; find "says: A" in the file
find:   addi  t1, t0, 7
        bgt   t1, s2, missing
        li    t1, 0
cmp:    add   t2, s1, t0
        add   t2, t2, t1
        lbu   t2, 0(t2)
        la    t3, needle
        add   t3, t3, t1
        lbu   t3, 0(t3)
        bne   t2, t3, next
        addi  t1, t1, 1
        li    t3, 7
        blt   t1, t3, cmp
        j     found
next:   addi  t0, t0, 1
        j     find
missing: la   a0, m_missing
        call  puts
        li    a0, 1
        sys   exit

found:  add   t2, s1, t0            ; the store: the page is dirty, the file still says A
        li    t3, 'B'
        sb    t3, 6(t2)
        addi  s2, t0, 6             ; the letter's offset
        la    a0, m_found
        call  puts
        mov   a0, s0
        mov   a1, s2
        li    a2, 0                 ; SEEK_SET
        sys   lseek
        mov   a0, s0
        la    a1, buf
        li    a2, 1
        sys   read
        la    a0, m_read
        call  puts
        li    a0, 1
        la    a1, buf
        li    a2, 1
        sys   write
        call  putnl
        la    a0, p_says
        sys   exec
        li    a0, 9                 ; exec failed
        sys   exit

        .bss
buf:    .space 4

        .rodata
p_bin:     .asciz "/bin"
p_root:    .asciz "/"
p_pipe:    .asciz "/bin/pipe"
p_says:    .asciz "/bin/says.flx"
needle:    .ascii "says: A"
m_dir:     .asciz "exec of a folder: "
m_root:    .asciz "exec of the root: "
m_pipe:    .asciz "exec of a FIFO: "
m_found:   .asciz "the letter: found\n"
m_missing: .asciz "the letter was not found\n"
m_read:    .asciz "read() sees: "

        .include "lib/io.s"
