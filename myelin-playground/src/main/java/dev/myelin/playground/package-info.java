/**
 * The browser playground: a small HTTP server with one training session per page, frames of the network's
 * state streamed to the page, explain for a clicked example and the export of the equivalent command line.
 */
package dev.myelin.playground;
