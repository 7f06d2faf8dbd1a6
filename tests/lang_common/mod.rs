//! What the language service tests share.

/// A job definition that uses every part of the format.
pub(crate) const DOC: &str = r#"{
  "version": "0.1",
  "type": "container",
  "meta": {"trigger": "cli", "system_resources": {"required_vram": 8}, "system_requirements": {"vram_total_mb": 8192}},
  "global": {"image": "ubuntu:24.04", "gpu": true, "entrypoint": ["sh"], "env": {"A": "b"}, "work_dir": "/w", "variables": {"MODEL": "llama"}},
  "logistics": {"send": {"type": "api", "args": {"endpoint": "https://x/%%global.job%%"}}, "receive": {"type": "api-listen", "args": {}}},
  "deployment_id": "d",
  "ssh": {"public_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILq3RrKXUp5fzsCz1YMo1rii379BIwLxOzttmfAqCr21 test@ed25519"]},
  "ops": [
    {"id": "vol", "type": "container/create-volume", "args": {"name": "data"}, "execution": {"group": "g"}},
    {
      "id": "server",
      "type": "container/run",
      "args": {
        "image": "docker.io/nginx:1.27",
        "aliases": ["web"],
        "cmd": ["nginx", "-g", "daemon off;"],
        "volumes": [{"name": "data", "dest": "/data"}],
        "expose": [{"port": 8080, "type": "web", "health_checks": [{"type": "http", "path": "/", "method": "GET", "expected_status": 200, "continuous": true}]}, 9000],
        "gpu": true,
        "work_dir": "/srv",
        "entrypoint": "/entry.sh",
        "env": {"PORT": "8080"},
        "restart_policy": {"policy": "on-failure", "restart_tries": 3},
        "private": false,
        "resources": [
          {"type": "HF", "target": "/models", "repo": "org/model", "revision": "main", "files": ["a"], "accessToken": "%%global.variables.MODEL%%"},
          {"type": "S3", "target": "/s3", "url": "s3://b", "allowWrite": true, "IAM": {"REGION": "", "ACCESS_KEY_ID": "k", "SECRET_ACCESS_KEY": "s"}},
          {"type": "Ollama", "model": "llama3.1:8b"}
        ],
        "authentication": {"docker": {"username": "u", "password": "p", "email": "e", "server": "ghcr.io"}}
      },
      "results": {"url": "http://(.*)", "detail": {"regex": "x", "logType": ["stdout"]}},
      "execution": {"group": "g", "depends_on": ["vol"], "stop_if_dependent_stops": true, "timeout": 60}
    }
  ]
}"#;
