package dev.faultline.abi;

/** A damaged or invalid FLX file; the message is one sentence for the user. */
public class FlxFormatException extends Exception {
    public FlxFormatException(String message) {
        super(message);
    }
}
