print "Content-Type: text/html\n\n";
print <<'HTML';
<html><body>
<h1>A Perl site</h1>
<form method="post" action="form.pl"><input name="name" value="Ada"><button>Send</button></form>
</body></html>
HTML
