; syscalls_all.s: examples/syscalls.s, the walkthrough program that uses all
; 24 system calls, run as a golden program so that the example (and the
; docs/abi.md it was written from) stays true under every variant.
;! file poem.txt: Faultline maps this file into memory.\n
;! file poem.txt: Each page of it arrives through a page fault.\n
;! stdout: getpid: 1\n
;! stdout: getppid: 0\n
;! stdout: open of a missing file: -2\n
;! stdout: read: Faultline\n
;! stdout: lseek to the end: size 84\n
;! stdout: close of a closed fd: -9\n
;! stdout: ticks for a 100-turn loop: 203\n
;! stdout: sbrk moved the break by 4096\n
;! stdout: mmap: 0x40000000\n
;! stdout: pginfo before the first touch: 1\n
;! stdout: pginfo after a store: 7\n
;! stdout: pginfo after madvise(MADV_DONTNEED): 1\n
;! stdout: the word reads back as 0\n
;! stdout: store to a read-only page, after the handler: 88\n
;! stdout: SIGSEGV handled: 1\n
;! stdout: pginfo after munmap: 0\n
;! stdout: rusage: faults and instructions counted\n
;! stdout: hello from /exec_demo.flx\n
;! stdout: the exec'd child exited with 42\n
;! stdout: the spinning child was killed, status 143\n
;! stdout: wait with no children left: -10\n
;! stdout: all 24 system calls used\n
;! stderr-contains: process 3 killed by SIGTERM
        .include "../examples/syscalls.s"
