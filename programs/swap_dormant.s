; swap_dormant.s: the pages of a process asleep in wait go to swap while its
; child fills 24 pages of its own, and come back intact (major faults) when
; it wakes up. The child unmaps its copy-on-write share of the parent's
; area first, so the parent is their only mapper. (examples/dormant.s, the
; walkthrough of examples/README.md, section 2.)
;! args: --frames 24
;! stdout: child: filled 24 pages of its own\n
;! stdout: parent: awake again, its 8 pages hold 100..107\n
;! stats: forks=1 swap_outs=17 swap_ins=9 major_faults=12 demand_zero=33
        .include "../examples/dormant.s"
