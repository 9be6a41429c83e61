// The FL32 assembly language, one source line at a time (docs/assembler.md).
// No actions: every token the language knows, plus catch-alls so the lexer itself never fails;
// the assembler turns the catch-all tokens into diagnostics.
lexer grammar FaultlineLexer;

WS          : [ \t\r\n\f\u000B]+ -> skip ;
COMMENT     : [;#] ~[\n]* -> skip ;

COLON       : ':' ;
COMMA       : ',' ;
LPAREN      : '(' ;
RPAREN      : ')' ;
ASSIGN      : '=' ;
PLUS        : '+' ;
MINUS       : '-' ;
STAR        : '*' ;
SLASH       : '/' ;
PERCENT     : '%' ;
SHL         : '<<' ;
SHR         : '>>' ;
AMP         : '&' ;
CARET       : '^' ;
PIPE        : '|' ;
TILDE       : '~' ;

// `.text`, `.equ`, ...; a lone `.` is the current address.
DIRECTIVE   : '.' [a-zA-Z_] [a-zA-Z0-9_]* ;
DOT         : '.' ;

// Lexed broadly so that `0x`, `12ab` or `0b102` reach the assembler as one malformed number.
NUMBER      : [0-9] [0-9a-zA-Z_]* ;
IDENT       : [a-zA-Z_] [a-zA-Z0-9_]* ;
CHAR        : '\'' ( ESCAPE | ~['\\\r\n] )+ '\'' ;
STRING      : '"' ( ESCAPE | ~["\\\r\n] )* '"' ;
// A string that reaches the end of the line; the longer STRING wins whenever the quote is closed.
UNTERMINATED_STRING : '"' ( ESCAPE | ~["\\\r\n] )* '\\'? ;

// Anything else: one character the language does not use.
ERROR_CHAR  : . ;

fragment ESCAPE : '\\' ~[\r\n] ;
