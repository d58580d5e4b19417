// A Go program of the native providers (issue 19's second language), run by tests/e2e/go-program.test.ts through
// the Go Automation API with an inline program: `go-program <phase>` for phase up, update, refresh, preview or
// destroy, against the emulator named by the environment (see below). It declares, with the generated Go SDK
// (native/go), a webhook signed with a secret from config and a call subscription on it, plus an explicit
// provider for a second company with a webhook of its own; prints one JSON line with the phase's result.
//
// Environment: EMULATOR_URL, PULUMI_BIN_DIR (holding `pulumi`), STATE_DIR (backend and PULUMI_HOME), HOOK_SECRET,
// DIALPAD_API_KEY (the default provider's), SECOND_API_KEY (the explicit provider's), PATH with the plugins.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pulumi-dialpad-cinnox/pulumi-dialpad-cinnox/native/go/dialpad"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	states := dialpad.CallStateArray{dialpad.CallStateRinging}
	if cfg.Get("variant") == "b" {
		states = append(states, dialpad.CallStateHangup)
	}
	hook, err := dialpad.NewWebhook(ctx, "ops", &dialpad.WebhookArgs{
		HookUrl: pulumi.String("https://ops.example.com/dialpad"),
		Secret:  cfg.RequireSecret("hookSecret"),
	})
	if err != nil {
		return err
	}
	calls, err := dialpad.NewCallSubscription(ctx, "calls", &dialpad.CallSubscriptionArgs{WebhookId: hook.ID(), CallStates: states})
	if err != nil {
		return err
	}
	second, err := dialpad.NewProvider(ctx, "second", &dialpad.ProviderArgs{
		ApiKey:  cfg.RequireSecret("secondApiKey"),
		BaseUrl: pulumi.String(cfg.Require("emulatorUrl")),
	})
	if err != nil {
		return err
	}
	secondHook, err := dialpad.NewWebhook(ctx, "second-ops", &dialpad.WebhookArgs{HookUrl: pulumi.String("https://second.example.com/dialpad")},
		pulumi.Provider(second))
	if err != nil {
		return err
	}
	ctx.Export("hookId", hook.ID())
	ctx.Export("callsId", calls.ID())
	ctx.Export("secondHookId", secondHook.ID())
	return nil
}

type result struct {
	Phase   string         `json:"phase"`
	Changes map[string]int `json:"changes"`
	Outputs map[string]any `json:"outputs,omitempty"`
}

func run(phase string) (*result, error) {
	ctx := context.Background()
	state := os.Getenv("STATE_DIR")
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: filepath.Dir(os.Getenv("PULUMI_BIN_DIR")), SkipVersionCheck: true})
	if err != nil {
		return nil, err
	}
	env := map[string]string{
		"PULUMI_BACKEND_URL":                          "file://" + filepath.Join(state, "backend"),
		"PULUMI_CONFIG_PASSPHRASE":                    "",
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK":    "true",
	}
	project := workspace.Project{Name: "native-go", Runtime: workspace.NewProjectRuntimeInfo("go", nil)}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "native-go", program,
		auto.Project(project), auto.WorkDir(filepath.Join(state, "project")), auto.PulumiHome(filepath.Join(state, "home")),
		auto.EnvVars(env), auto.SecretsProvider("passphrase"), auto.Pulumi(cmd))
	if err != nil {
		return nil, err
	}
	cfg := auto.ConfigMap{
		"dialpad:baseUrl": {Value: os.Getenv("EMULATOR_URL")},
		"dialpad:apiKey":  {Value: os.Getenv("DIALPAD_API_KEY"), Secret: true},
		"emulatorUrl":     {Value: os.Getenv("EMULATOR_URL")},
		"hookSecret":      {Value: os.Getenv("HOOK_SECRET"), Secret: true},
		"secondApiKey":    {Value: os.Getenv("SECOND_API_KEY"), Secret: true},
		"variant":         {Value: "a"},
	}
	if phase == "update" || phase == "preview" {
		cfg["variant"] = auto.ConfigValue{Value: "b"}
	}
	if err := stack.SetAllConfig(ctx, cfg); err != nil {
		return nil, err
	}
	out := &result{Phase: phase}
	switch phase {
	case "up", "update":
		r, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		out.Changes = changes(r.Summary.ResourceChanges)
		out.Outputs = map[string]any{}
		for k, v := range r.Outputs {
			if !v.Secret {
				out.Outputs[k] = v.Value
			}
		}
	case "preview":
		r, err := stack.Preview(ctx, optpreview.Diff(), optpreview.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		out.Changes = map[string]int{}
		for op, n := range r.ChangeSummary {
			out.Changes[string(op)] = n
		}
	case "refresh":
		r, err := stack.Refresh(ctx, optrefresh.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		out.Changes = changes(r.Summary.ResourceChanges)
	case "destroy":
		r, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr))
		if err != nil {
			return nil, err
		}
		out.Changes = changes(r.Summary.ResourceChanges)
	default:
		return nil, fmt.Errorf("unknown phase %q", phase)
	}
	return out, nil
}

func changes(m *map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return *m
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go-program up|update|preview|refresh|destroy")
		os.Exit(2)
	}
	r, err := run(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-program %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	line, _ := json.Marshal(r)
	fmt.Println(string(line))
}
