// Command sdkgen writes the SDKs of a native provider from its package schema with Pulumi's own code generators
// (github.com/pulumi/pulumi/pkg/v3/codegen, at the engine's version): `sdkgen -schema dialpad.json -lang nodejs
// -out DIR`. It writes every generated file under DIR and prints nothing else; scripts/sdkgen.ts decides where
// they go and checks that the committed SDKs are what it generates.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	lang := flag.String("lang", "", "nodejs or go")
	out := flag.String("out", "", "directory to write the generated files into")
	flag.Parse()
	if *schemaPath == "" || *out == "" || (*lang != "nodejs" && *lang != "go") {
		fmt.Fprintln(os.Stderr, "usage: sdkgen -schema FILE -lang nodejs|go -out DIR")
		os.Exit(2)
	}
	if err := run(*schemaPath, *lang, *out); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, lang, out string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	// BindSpec validates the schema against Pulumi's metaschema: a schema the engine would refuse fails here.
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("the schema does not bind: %s", diags.Error())
	}
	var files map[string][]byte
	switch lang {
	case "nodejs":
		files, err = nodejs.GeneratePackage("pulumi-dialpad-cinnox sdkgen", pkg, nil, nil, false, noPackages{})
	case "go":
		files, err = gogen.GeneratePackage("pulumi-dialpad-cinnox sdkgen", pkg, nil)
	}
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		dst := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// noPackages is the loader of a schema that refers to no other package (only Pulumi's built-in `pulumi.json`
// types): asking it for one is an error, so a schema that grows such a reference fails here, offline.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q: only pulumi.json is available", name)
}

func (n noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return n.LoadPackage(d.Name, nil)
}

func (noPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema refers to package %q: only pulumi.json is available", name)
}

func (n noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return n.LoadPackageReference(d.Name, nil)
}
