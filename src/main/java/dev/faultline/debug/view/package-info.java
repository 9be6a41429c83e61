/**
 * What the debugger engine answers with: each view as data, a small record, with no text in it beyond
 * names the machine gives (a symbol, a trap cause). Faces render them: the terminal face
 * ({@code dev.faultline.debug.TerminalFace}) prints the text the debugger has always printed; a browser or
 * editor face can draw them or send {@link dev.faultline.debug.view.View#toJson()} as it is.
 */
package dev.faultline.debug.view;
