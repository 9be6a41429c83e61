// The FL32 assembly language (docs/assembler.md). No actions.
// A statement is a generic `mnemonic operand, operand, ...`: the assembler, driven by the Opcode
// table and the pseudo-instruction table, decides what each operand means, so adding an
// instruction never touches this grammar.
parser grammar FaultlineParser;

options { tokenVocab = FaultlineLexer; }

// The assembler parses a file one line at a time (a statement never spans lines), which bounds
// the memory a huge input can take and lets every line report its own errors.
line        : label* statement? EOF ;

label       : name=IDENT COLON ;

statement   : name=IDENT ASSIGN expr                          # assignment
            | name=DIRECTIVE operandList?                     # directive
            | mnemonic=IDENT operandList?                     # instruction
            ;

operandList : operand (COMMA operand)* ;

operand     : offset=expr? LPAREN base=IDENT RPAREN            # memoryOperand
            | expr                                            # expressionOperand
            | STRING                                          # stringOperand
            | UNTERMINATED_STRING                             # unterminatedStringOperand
            ;

// C precedence, highest first; every binary operator is left-associative.
expr        : LPAREN expr RPAREN                              # parenExpr
            | op=(MINUS | TILDE) expr                         # unaryExpr
            | expr op=(STAR | SLASH | PERCENT) expr           # binaryExpr
            | expr op=(PLUS | MINUS) expr                     # binaryExpr
            | expr op=(SHL | SHR) expr                        # binaryExpr
            | expr op=AMP expr                                # binaryExpr
            | expr op=CARET expr                              # binaryExpr
            | expr op=PIPE expr                               # binaryExpr
            | NUMBER                                          # numberExpr
            | CHAR                                            # charExpr
            | IDENT                                           # symbolExpr
            | DOT                                             # dotExpr
            ;
