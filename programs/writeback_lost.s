; writeback_lost.s: a dirty MAP_SHARED page whose write-back fails at exit
; and at both tries of the end of the run (a full disk, here three injected
; failures in a row) is data the file does not hold: the run says so once
; and ends with exit 74 although the program exited 0. The file keeps its
; old bytes; the warning of the first failure is printed once.
;! file page.txt: the quick brown fox\n
;! root-after page.txt: the quick brown fox\n
;! args: --inject file-write=1 --inject file-write=2 --inject file-write=3
;! stdout: stored\n
;! stderr-contains: faultline: I/O error writing back page.txt: injected failure (--inject file-write)\n
;! stderr-contains: faultline: 1 pages of page.txt could not be written back: injected failure (--inject file-write)\n
;! exit: 74
;! transparent: no
        .text
_start: la    a0, path
        li    a1, O_RDWR
        sys   open
        mov   a4, a0
        li    a0, 0
        li    a1, PAGE_SIZE
        li    a2, PROT_READ | PROT_WRITE
        li    a3, MAP_SHARED
        li    a5, 0
        sys   mmap
        li    t0, 'Q'               ; "quick" -> "Quick" through the mapping
        sb    t0, 4(a0)
        la    a0, m_stored
        call  puts
        li    a0, 0
        sys   exit

        .rodata
path:     .asciz "/page.txt"
m_stored: .asciz "stored\n"

        .include "lib/io.s"
