// Loads a Compose file the way `docker compose` does (compose-go: interpolation, profiles, .env,
// normalisation) and prints the resolved project as JSON, or the loader's error on stderr with exit 1.
// The flags are docker compose's own; the environment is this process's. Used by
// test/compose/compose-load.test.ts (built there with the machine's Go) to check the compose file without a Docker engine.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func main() {
	var files, envFiles, profiles repeated
	projectDir := flag.String("project-directory", "", "like docker compose --project-directory")
	flag.Var(&files, "f", "compose file (repeatable)")
	flag.Var(&envFiles, "env-file", "like docker compose --env-file (repeatable)")
	flag.Var(&profiles, "profile", "like docker compose --profile (repeatable); default COMPOSE_PROFILES")
	// Accept docker compose's own argument list: a leading "compose" is skipped.
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "compose" {
		args = args[1:]
	}
	if err := flag.CommandLine.Parse(args); err != nil {
		fail(err)
	}
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected arguments %v: this checker only loads the project", flag.Args()))
	}

	options, err := cli.NewProjectOptions(files,
		cli.WithWorkingDirectory(*projectDir),
		cli.WithOsEnv,
		cli.WithConfigFileEnv,
		cli.WithDefaultConfigPath,
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithDefaultProfiles(profiles...),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
