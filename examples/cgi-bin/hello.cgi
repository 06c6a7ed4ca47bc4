#!/bin/sh
# A CGI script: headers, an empty line, then the body, on stdout.
printf 'Content-Type: text/plain\n\n'
echo "Hello from CGI at $SCRIPT_NAME"
echo "query: $QUERY_STRING"
