#!/bin/sh
# The cgi scenario's script, run by every peer on every request.
printf 'Content-Type: text/plain\n\nHello, world!\n'
