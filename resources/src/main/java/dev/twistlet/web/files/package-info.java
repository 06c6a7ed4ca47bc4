/**
 * Static files, the counterpart of {@code twisted.web.static}: {@link dev.twistlet.web.files.FileResource}
 * serves a file or a directory tree with index files, listings, processors, ranges and
 * conditional requests, never reaching outside its root.
 */
package dev.twistlet.web.files;
