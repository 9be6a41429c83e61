; smc_names.s: the names the two self-modifying-code programs print before
; each loop's sum (smc_loops.s). Include it in .rodata.
m_sb:    .asciz "sb: "
m_sh:    .asciz "sh: "
m_sw:    .asciz "sw: "
m_push:  .asciz "push: "
m_xchg:  .asciz "xchg: "
m_call:  .asciz "call: "
m_callr: .asciz "callr: "
m_copy:  .asciz "copy: "
