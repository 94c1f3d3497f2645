package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"sigs.k8s.io/yaml"
)

// The image e2e tests run slbgw as a container image, the default way kpt and kustomize run
// functions, and require every output to equal, byte for byte, the same run with the exec
// function (the slbgw binary on PATH). They build the image themselves with
// function/build.sh, as make image does, tagged localhost/slbgw:e2e and
// localhost/slbgw-check:e2e, and reuse it while the static binary is the same. They need
// podman (and runc; Debian's podman-docker for kustomize, which calls docker): without it
// they skip, except under CI=true, where a missing podman fails them.

const imageTag = "e2e"

var (
	imageOnce sync.Once // the images are built, and their environment made, once per test run
	imageEnv  []string
	imageErr  error
)

// functionImages is what an image test runs: the images under test and the environment kpt,
// kustomize and podman need to run them.
type functionImages struct {
	image, check string // the mutator image and the validator image (slbgw fn --check)
	slbgw        string // the binary the exec runs use
	env          []string
}

// imagesUnderTest builds the function images once per test run, or finds them already built
// from the same binary, and returns them with the environment to run them in: podman as kpt's
// runtime, a docker on PATH that is podman (for kustomize), function/containers.conf, and the
// slbgw binary on PATH for the exec runs the image runs are compared with.
func imagesUnderTest(t *testing.T) functionImages {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	podman, err := exec.LookPath("podman")
	if err == nil && os.Getenv("CONTAINERS_CONF") == "" {
		_, err = exec.LookPath("runc") // function/containers.conf makes it podman's runtime
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI must install podman and runc (.ci/run installs them and podman-docker)", err)
		}
		t.Skipf("the container image tests need podman and runc (apt-get install podman runc podman-docker): %v", err)
	}
	bin := slbgwBinary(t)
	imageOnce.Do(func() {
		imageEnv, imageErr = functionImageEnv(podman, filepath.Dir(bin))
		if imageErr == nil {
			imageErr = buildImages(imageEnv)
		}
	})
	if imageErr != nil {
		t.Fatal(imageErr)
	}
	return functionImages{image: "localhost/slbgw:" + imageTag, check: "localhost/slbgw-check:" + imageTag, slbgw: bin, env: imageEnv}
}

// functionImageEnv puts a folder holding a docker that is podman first on PATH: kustomize runs
// container functions with docker, and a machine may have another docker, one without a daemon,
// earlier on PATH.
func functionImageEnv(podman, slbgwDir string) ([]string, error) {
	shim, err := os.MkdirTemp("", "slbgw-e2e-docker")
	if err != nil {
		return nil, err
	}
	if err := os.Symlink(podman, filepath.Join(shim, "docker")); err != nil {
		return nil, err
	}
	env := append(os.Environ(),
		"PATH="+shim+string(os.PathListSeparator)+slbgwDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"KPT_FN_RUNTIME=podman")
	if os.Getenv("CONTAINERS_CONF") == "" {
		conf, err := filepath.Abs(filepath.Join("..", "..", "function", "containers.conf"))
		if err != nil {
			return nil, err
		}
		env = append(env, "CONTAINERS_CONF="+conf)
	}
	return env, nil
}

// buildImages builds the static binary and, unless the images under test were built from the
// same bytes, the images (build.sh removes the ones it replaces).
func buildImages(env []string) error {
	dir, err := os.MkdirTemp("", "slbgw-image")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "slbgw")
	build := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := build.CombinedOutput(); err != nil {
		return &buildError{out: string(out), err: err}
	}
	b, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	digest := hex.EncodeToString(sum[:])

	for _, image := range []string{"localhost/slbgw:" + imageTag, "localhost/slbgw-check:" + imageTag} {
		out, err := podmanOutput(env, "image", "inspect", "--format", `{{index .Config.Labels "dev.slbgw.binary.sha256"}}`, image)
		if err != nil || strings.TrimSpace(out) != digest {
			script := exec.Command(filepath.Join("..", "..", "function", "build.sh"), bin, imageTag)
			script.Env = env
			if out, err := script.CombinedOutput(); err != nil {
				return fmt.Errorf("function/build.sh: %v\n%s", err, out)
			}
			return nil
		}
	}
	return nil
}

func podmanOutput(env []string, args ...string) (string, error) {
	cmd := exec.Command("podman", args...)
	cmd.Env = env
	out, err := cmd.Output()
	return string(out), err
}

// run runs a tool in the image tests' environment.
func (f functionImages) run(t *testing.T, name string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	if name == "slbgw" {
		name = f.slbgw
	}
	cmd := exec.Command(name, args...)
	cmd.Env = f.env
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	err = cmd.Run()
	return out.String(), errs.String(), err
}

func (f functionImages) runOK(t *testing.T, name string, args ...string) string {
	t.Helper()
	stdout, stderr, err := f.run(t, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr)
	}
	return stdout
}

// assertSamePackage compares two packages file by file, byte for byte; in the image package,
// the Kptfile's image line is read as the exec line it replaced.
func assertSamePackage(t *testing.T, execPkg, imagePkg, execLine, imageLine string) {
	t.Helper()
	want, got := snapshot(t, execPkg), snapshot(t, imagePkg)
	if k, ok := got["Kptfile"]; ok && imageLine != "" {
		got["Kptfile"] = strings.Replace(k, imageLine, execLine, 1)
	}
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("the image run lacks %s", name)
		}
	}
	for name, content := range got {
		if w, ok := want[name]; !ok {
			t.Errorf("the image run wrote %s, the exec run did not:\n%s", name, content)
		} else if content != w {
			t.Errorf("%s differs\n--- exec\n%s\n--- image\n%s", name, w, content)
		}
	}
}

func TestImageKptRenderMutatorMatchesExec(t *testing.T) {
	t.Parallel()
	f := imagesUnderTest(t)
	kpt := tool(t, "kpt")
	src := filepath.Join(examples, "kpt", "mutator")
	execPkg, imagePkg := copyDir(t, src), copyDir(t, src)
	imageLine := "image: " + f.image
	replaceInFile(t, filepath.Join(imagePkg, "Kptfile"), "exec: slbgw", imageLine)

	f.runOK(t, kpt, "fn", "render", "--allow-exec", execPkg)
	f.runOK(t, kpt, "fn", "render", "--image-pull-policy", "never", imagePkg)
	assertSamePackage(t, execPkg, imagePkg, "exec: slbgw", imageLine)
	if readFile(t, filepath.Join(imagePkg, "service.yaml")) == readFile(t, filepath.Join(src, "service.yaml")) {
		t.Error("the image did not patch service.yaml")
	}
}

func TestImageKptRenderValidatorMatchesExec(t *testing.T) {
	t.Parallel()
	f := imagesUnderTest(t)
	kpt := tool(t, "kpt")
	src := filepath.Join(examples, "kpt", "validator")
	imageLine := "image: " + f.check
	for _, drift := range []bool{false, true} {
		execPkg, imagePkg := copyDir(t, src), copyDir(t, src)
		replaceInFile(t, filepath.Join(imagePkg, "Kptfile"), "exec: slbgw fn --check", imageLine)
		if drift {
			replaceInFile(t, filepath.Join(execPkg, "service.yaml"), "address-type: intranet", "address-type: internet")
			replaceInFile(t, filepath.Join(imagePkg, "service.yaml"), "address-type: intranet", "address-type: internet")
		}
		execResults, imageResults := t.TempDir(), t.TempDir()
		_, execStderr, execErr := f.run(t, kpt, "fn", "render", "--allow-exec", "--results-dir", execResults, execPkg)
		_, imageStderr, imageErr := f.run(t, kpt, "fn", "render", "--image-pull-policy", "never", "--results-dir", imageResults, imagePkg)
		if (execErr != nil) != drift || (imageErr != nil) != drift {
			t.Fatalf("drift %v: exec err %v, image err %v\n--- exec\n%s--- image\n%s", drift, execErr, imageErr, execStderr, imageStderr)
		}
		assertSamePackage(t, execPkg, imagePkg, "exec: slbgw fn --check", imageLine)
		if got, want := functionResults(t, imageResults), functionResults(t, execResults); !reflect.DeepEqual(got, want) {
			t.Errorf("drift %v: results differ\n--- exec\n%v\n--- image\n%v", drift, want, got)
		}
	}
}

// functionResults reads the results of the first function in kpt's --results-dir.
func functionResults(t *testing.T, dir string) []any {
	t.Helper()
	var list struct {
		Items []struct {
			Results []any `json:"results"`
		} `json:"items"`
	}
	if err := yaml.Unmarshal([]byte(readFile(t, filepath.Join(dir, "results.yaml"))), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) == 0 {
		t.Fatalf("%s/results.yaml has no items", dir)
	}
	return list.Items[0].Results
}

func TestImageKptEvalMatchesExec(t *testing.T) {
	t.Parallel()
	f := imagesUnderTest(t)
	kpt := tool(t, "kpt")
	dir := filepath.Join(examples, "kpt", "eval")
	for name, config := range map[string][]string{
		"fn-config": {"--fn-config", filepath.Join(dir, "gateway.yaml")},
		"key=value": {"--", "loadBalancer.addressType=intranet", "loadBalancer.networkType=vpc"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			execPkg, imagePkg := copyDir(t, filepath.Join(dir, "package")), copyDir(t, filepath.Join(dir, "package"))
			f.runOK(t, kpt, append([]string{"fn", "eval", execPkg, "--exec", "slbgw"}, config...)...)
			f.runOK(t, kpt, append([]string{"fn", "eval", imagePkg, "--image", f.image, "--image-pull-policy", "never"}, config...)...)
			assertSamePackage(t, execPkg, imagePkg, "", "")
			if readFile(t, filepath.Join(imagePkg, "service.yaml")) == readFile(t, filepath.Join(dir, "package", "service.yaml")) {
				t.Error("the image did not patch service.yaml")
			}
		})
	}
}

func TestImageKustomizeMatchesExec(t *testing.T) {
	t.Parallel()
	f := imagesUnderTest(t)
	kustomize := tool(t, "kustomize")
	for _, example := range []string{"transformer", "generator"} {
		t.Run(example, func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(examples, "kustomize", example)
			dir := copyDir(t, src)
			replaceInFile(t, filepath.Join(dir, "gateway.yaml"), "exec:\n        path: slbgw", "container:\n        image: "+f.image)
			want := f.runOK(t, kustomize, "build", "--enable-alpha-plugins", "--enable-exec", src)
			got := f.runOK(t, kustomize, "build", "--enable-alpha-plugins", dir)
			if got != want {
				t.Errorf("kustomize outputs differ\n--- exec\n%s\n--- image\n%s", want, got)
			}
		})
	}
}

// TestImageKptFnDocPrintsUsage: kpt fn doc runs the image with --help and prints its stdout,
// then a newline of its own.
func TestImageKptFnDocPrintsUsage(t *testing.T) {
	t.Parallel()
	f := imagesUnderTest(t)
	kpt := tool(t, "kpt")
	got := f.runOK(t, kpt, "fn", "doc", "--image", f.image)
	want := f.runOK(t, "slbgw", "--help")
	if got != want+"\n" {
		t.Errorf("kpt fn doc printed\n%s\nwant slbgw --help:\n%s", got, want)
	}
}

// TestImageRunsAsNobodyAndIsSmall pins what the README says of the images: non-root, slbgw as
// the entrypoint, and one binary's worth of bytes.
func TestImageRunsAsNobodyAndIsSmall(t *testing.T) {
	t.Parallel()
	f := imagesUnderTest(t)
	for image, entrypoint := range map[string]string{f.image: "[/slbgw]", f.check: "[/slbgw fn --check]"} {
		out, err := podmanOutput(f.env, "image", "inspect", "--format", "{{.Config.User}} {{.Config.Entrypoint}} {{.Size}}", image)
		if err != nil {
			t.Fatalf("podman image inspect %s: %v", image, err)
		}
		out = strings.TrimSpace(out)
		t.Logf("%s: user, entrypoint, bytes: %s", image, out)
		want := "65534:65534 " + entrypoint + " "
		size, err := strconv.Atoi(strings.TrimPrefix(out, want))
		if !strings.HasPrefix(out, want) || err != nil {
			t.Errorf("%s: %s, want %s<size>", image, out, want)
		} else if size > 20_000_000 {
			t.Errorf("%s is %d bytes: more than slbgw got in", image, size)
		}
	}
}

// TestReadmeShowsTheImageCommands keeps the README's container image snippets the ones tested here.
func TestReadmeShowsTheImageCommands(t *testing.T) {
	t.Parallel()
	readme := readFile(t, filepath.Join("..", "..", "README.md"))
	for _, cmd := range []string{
		"make image",
		"image: localhost/slbgw:dev",
		"image: localhost/slbgw-check:dev",
		"kpt fn render --image-pull-policy never PKG",
		"kpt fn eval examples/kpt/eval/package --image localhost/slbgw:dev --image-pull-policy never --fn-config examples/kpt/eval/gateway.yaml",
		"kpt fn eval examples/kpt/eval/package --image localhost/slbgw:dev --image-pull-policy never -- loadBalancer.addressType=intranet loadBalancer.networkType=vpc",
		"kpt fn doc --image localhost/slbgw:dev",
		"container:\n        image: localhost/slbgw:dev",
		"kustomize build --enable-alpha-plugins DIR",
	} {
		if !strings.Contains(readme, cmd) {
			t.Errorf("README.md lacks %q", cmd)
		}
	}
}
