# Echoes a posted form back, one field a line.
read(STDIN, my $body, $ENV{CONTENT_LENGTH} || 0);
print "Content-Type: text/plain\n\n";
for my $pair (split /&/, $body) {
    my ($name, $value) = map { s/\+/ /g; s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge; $_ } split /=/, $pair, 2;
    print "$name: $value\n";
}
