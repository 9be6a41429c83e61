package dev.faultline.kernel;

import java.io.InputStream;

/** The guest's fd 0, 1 and 2 on the host: what read and write reach for stdin, stdout and stderr. */
record Console(InputStream in, HostOutput out, HostOutput err) {}
