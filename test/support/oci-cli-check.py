"""Checks OCI CLI calls against the installed oci-cli, without calling OCI.

Reads a JSON list of calls (each the arguments after `oci`) on stdin and prints a JSON list of
problems: unknown command groups or commands, unknown options, missing required options, values
outside an option's choices, flags given values, and JSON parameters whose keys the OCI SDK's models
do not have. Used by test/vm/provision-dry-run.test.ts with .venv-oci's python.
"""
import json
import sys

import click
import oci
from oci_cli import dynamic_loader
from oci_cli.cli_root import cli

# JSON parameters and the SDK model of their items (list) or of themselves (object).
JSON_MODELS = {
    "--ingress-security-rules": ("list", "IngressSecurityRule"),
    "--egress-security-rules": ("list", "EgressSecurityRule"),
    "--route-rules": ("list", "RouteRule"),
    "--shape-config": ("object", "LaunchInstanceShapeConfigDetails"),
    "--cidr-blocks": ("strings", None),
    "--security-list-ids": ("strings", None),
}


def model_problems(value, model_name, where):
    model = getattr(oci.core.models, model_name, None)
    if model is None:
        return [f"{where}: no SDK model {model_name}"]
    instance = model()
    by_json = {json_key: attr for attr, json_key in instance.attribute_map.items()}
    problems = []
    if not isinstance(value, dict):
        return [f"{where}: expected an object for {model_name}"]
    for key, inner in value.items():
        attr = by_json.get(key)
        if attr is None:
            problems.append(f"{where}: {model_name} has no field {key!r} (it has {sorted(by_json)})")
            continue
        kind = instance.swagger_types[attr]
        if hasattr(oci.core.models, kind):
            problems += model_problems(inner, kind, f"{where}.{key}")
    return problems


def find_command(tokens):
    obj = {"command_sequence_alias": {}, "global_command_alias": {}}
    ctx = click.Context(cli, obj=obj)
    command = cli
    path = []
    rest = list(tokens)
    while rest and not rest[0].startswith("--") and isinstance(command, click.Group):
        name = rest.pop(0)
        sub = command.get_command(ctx, name)
        if sub is None:
            return None, path + [name], rest
        ctx = click.Context(sub, parent=ctx, info_name=name, obj=obj)
        command = sub
        path.append(name)
    return command, path, rest


def call_problems(args):
    if args and not args[0].startswith("--"):
        dynamic_loader.load_service(args[0])
    command, path, rest = find_command(args)
    label = "oci " + " ".join(path)
    if command is None:
        return [f"{label}: no such command"]
    if isinstance(command, click.Group):
        return [f"{label}: is a group, not a command"]
    params = {opt: p for p in command.params + cli.params for opt in p.opts if opt.startswith("--")}
    problems = []
    given = set()
    i = 0
    while i < len(rest):
        option = rest[i]
        if not option.startswith("--"):
            problems.append(f"{label}: stray argument {option!r}")
            i += 1
            continue
        param = params.get(option)
        if param is None:
            problems.append(f"{label}: no option {option}")
            i += 1
            continue
        given.add(param.name)
        if getattr(param, "is_flag", False):
            i += 1
            continue
        if i + 1 >= len(rest):
            problems.append(f"{label}: {option} needs a value")
            break
        value = rest[i + 1]
        i += 2
        if isinstance(param.type, click.Choice):
            choices = [c.lower() for c in param.type.choices] if not param.type.case_sensitive else list(param.type.choices)
            if (value.lower() if not param.type.case_sensitive else value) not in choices:
                problems.append(f"{label}: {option} {value!r} is not one of {list(param.type.choices)}")
        if option in JSON_MODELS:
            shape, model = JSON_MODELS[option]
            try:
                parsed = json.loads(value)
            except ValueError:
                problems.append(f"{label}: {option} is not JSON")
                continue
            if shape == "list":
                for n, item in enumerate(parsed):
                    problems += model_problems(item, model, f"{label} {option}[{n}]")
            elif shape == "object":
                problems += model_problems(parsed, model, f"{label} {option}")
            elif not (isinstance(parsed, list) and all(isinstance(x, str) for x in parsed)):
                problems.append(f"{label}: {option} must be a JSON list of strings")
    for param in command.params:
        if param.required and param.name not in given:
            problems.append(f"{label}: required option {param.opts[-1]} is missing")
    return problems


def main():
    calls = json.load(sys.stdin)
    problems = []
    for args in calls:
        problems += call_problems(args)
    json.dump({"checked": len(calls), "problems": problems}, sys.stdout)


if __name__ == "__main__":
    main()
