// The seed's "Using VHostMonster" script: a front-end proxy forwards to
// /vhost.rpy/http/example.com:80/..., and pages here see example.com as their host.
import dev.twistlet.web.vhost.VHostMonsterResource;

resource = new VHostMonsterResource();
