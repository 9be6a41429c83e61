; lib/forkfail.s: what an example does when fork fails. Call it with fork's
; result in a0 (-ENOMEM when there are no frames left for the child's page
; tables, -EAGAIN at the process limit): it prints "fork failed: ENOMEM"
; and exits with status 1. Include lib/print.s too.

        .text
forkfail:
        push  a0
        la    a0, forkfail_msg
        call  puts
        pop   a0
        call  puterr
        la    a0, forkfail_nl
        call  puts
        li    a0, 1
        sys   exit

        .rodata
forkfail_msg:
        .asciz "fork failed: "
forkfail_nl:
        .asciz "\n"
