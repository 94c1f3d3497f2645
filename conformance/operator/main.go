// Command knative-operator-render runs the Knative Operator's own code
// (knative.dev/operator, the version pinned in go.mod) on a KnativeServing
// object and prints what the operator would apply for the gateway: the
// kourier Services and the config-domain ConfigMap.
//
//	knative-operator-render -ks ks.yaml [-manifest a.yaml,b.yaml] [-kodata DIR] [-all]
//	knative-operator-render -ks ks.yaml -simulate
//
// Without -manifest, the manifests are loaded the way the operator's
// KnativeServing reconciler loads them (common.AppendTarget,
// ingress.AppendTargetIngress, security.AppendTargetSecurity,
// common.AppendAdditionalManifests) from the kodata directory shipped in
// the operator module (KO_DATA_PATH): the Serving release and, for
// spec.ingress.kourier.enabled: true, ingress/<minor>/kourier.
//
// The transformer chain is the one Reconciler.transform in
// pkg/reconciler/knativeserving/knativeserving.go builds (that method is
// unexported, so the list is repeated here from the exported pieces, in
// the same order): common.Transform (the common transformers, among them
// ConfigMapTransform and ServicesTransform, then AggregationRuleTransform)
// with the extras InjectOwner, CustomCertsTransform,
// InjectLabel(SelectorKey, SelectorValue), the NoExtension transformers,
// ingress.Transformers (the Kourier ones for kourier.enabled),
// ingress.IngressServiceTransform and security.Transformers.
//
// -simulate applies the transformed kourier Service with manifestival's
// own Apply (three-way merge against the last-applied-configuration
// annotation) into manifestival's fake client, and reports what happens to
// an annotation set directly on the live Service in three situations; see
// README.md.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"

	mf "github.com/manifestival/manifestival"
	"github.com/manifestival/manifestival/fake"
	"go.uber.org/zap"
	"golang.org/x/mod/module"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"knative.dev/pkg/logging"
	"sigs.k8s.io/yaml"

	"knative.dev/operator/pkg/apis/operator/base"
	"knative.dev/operator/pkg/apis/operator/v1beta1"
	"knative.dev/operator/pkg/reconciler/common"
	"knative.dev/operator/pkg/reconciler/knativeserving"
	ksc "knative.dev/operator/pkg/reconciler/knativeserving/common"
	"knative.dev/operator/pkg/reconciler/knativeserving/ingress"
	"knative.dev/operator/pkg/reconciler/knativeserving/security"
)

const operatorModule = "knative.dev/operator"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "knative-operator-render:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("knative-operator-render", flag.ContinueOnError)
	ksPath := fs.String("ks", "", "KnativeServing YAML (operator.knative.dev/v1beta1); required")
	manifest := fs.String("manifest", "", "comma-separated manifest files/directories to transform instead of the operator's kodata")
	kodata := fs.String("kodata", "", "the operator's kodata directory (default: $KO_DATA_PATH, else cmd/operator/kodata of the operator module in GOMODCACHE)")
	all := fs.Bool("all", false, "print every transformed object, not only the kourier Services and config-domain")
	simulate := fs.Bool("simulate", false, "run the apply simulation (cases a-c of README.md) and print its report")
	version := fs.Bool("version", false, "print the operator module version and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *version {
		fmt.Fprintln(stdout, operatorVersion())
		return nil
	}
	if *ksPath == "" {
		return errors.New("-ks is required")
	}
	data, err := os.ReadFile(*ksPath)
	if err != nil {
		return err
	}
	ks, err := parseKS(data)
	if err != nil {
		return fmt.Errorf("%s: %w", *ksPath, err)
	}
	if *manifest == "" {
		dir := *kodata
		if dir == "" {
			dir = os.Getenv(common.KoEnvKey)
		}
		if dir == "" {
			if dir, err = moduleKodata(); err != nil {
				return err
			}
		}
		if err := os.Setenv(common.KoEnvKey, dir); err != nil {
			return err
		}
	}
	r := &renderer{manifestPath: *manifest, client: fake.New()}
	if *simulate {
		return r.simulate(ks, stdout)
	}
	m, err := r.render(ks)
	if err != nil {
		return err
	}
	objs := m.Resources()
	if !*all {
		objs = gateway(objs)
	}
	return writeYAML(stdout, objs)
}

// parseKS reads a KnativeServing. Unknown fields are dropped, as the API
// server's structural-schema pruning would drop them before the operator
// sees the object. An empty namespace becomes knative-serving (the
// object is namespaced; the operator always sees a namespace).
func parseKS(data []byte) (*v1beta1.KnativeServing, error) {
	ks := &v1beta1.KnativeServing{}
	if err := yaml.Unmarshal(data, ks); err != nil {
		return nil, err
	}
	if ks.APIVersion != v1beta1.SchemeGroupVersion.String() || ks.Kind != "KnativeServing" {
		return nil, fmt.Errorf("not a %s KnativeServing: apiVersion %q kind %q", v1beta1.SchemeGroupVersion, ks.APIVersion, ks.Kind)
	}
	if ks.Namespace == "" {
		ks.Namespace = "knative-serving"
	}
	return ks, nil
}

type renderer struct {
	manifestPath string
	client       fake.Client
}

func quietContext() context.Context {
	return logging.WithLogger(context.Background(), zap.NewNop().Sugar())
}

// render returns the manifest the operator would hand to manifests.Install
// for ks: the ReconcileKind stages up to and including transform.
func (r *renderer) render(ks *v1beta1.KnativeServing) (mf.Manifest, error) {
	ctx := quietContext()
	// The reconciler's r.manifest: empty, with the client; the stages
	// append to it. The client matters to AggregationRuleTransform (the
	// fake one answers NotFound, as on a first install).
	manifest, err := mf.ManifestFrom(mf.Slice{}, mf.UseClient(r.client))
	if err != nil {
		return mf.Manifest{}, err
	}
	var stages common.Stages
	if r.manifestPath != "" {
		stages = common.Stages{func(_ context.Context, m *mf.Manifest, _ base.KComponent) error {
			loaded, err := common.FetchManifest(r.manifestPath)
			if err != nil {
				return err
			}
			*m = m.Append(loaded)
			return nil
		}}
	} else {
		stages = common.Stages{
			common.AppendTarget,
			ingress.AppendTargetIngress,
			security.AppendTargetSecurity,
			common.AppendAdditionalManifests,
			// r.appendExtensionManifests: NoExtension has no manifests.
		}
	}
	stages = append(stages, func(ctx context.Context, m *mf.Manifest, comp base.KComponent) error {
		return transform(ctx, m, comp.(*v1beta1.KnativeServing))
	})
	if _, err := stages.Execute(ctx, &manifest, ks); err != nil {
		return mf.Manifest{}, err
	}
	return manifest, nil
}

// transform is (*knativeserving.Reconciler).transform of the operator
// version in go.mod, with anchorOwner nil (a local install) and the
// NoExtension extension the upstream operator binary uses
// (knativeserving.NewController).
func transform(ctx context.Context, manifest *mf.Manifest, instance *v1beta1.KnativeServing) error {
	logger := logging.FromContext(ctx)
	extra := make([]mf.Transformer, 0, 4)
	extra = append(extra,
		common.InjectOwner(instance, nil),
		ksc.CustomCertsTransform(instance, logger),
		common.InjectLabel(knativeserving.SelectorKey, knativeserving.SelectorValue),
	)
	extra = append(extra, common.NoExtension(ctx, nil).Transformers(instance)...)
	extra = append(extra, ingress.Transformers(ctx, instance)...)
	extra = append(extra, ingress.IngressServiceTransform(instance))
	extra = append(extra, security.Transformers(ctx, instance)...)
	return common.Transform(ctx, manifest, instance, extra...)
}

// gateway keeps the objects this harness is about: the kourier gateway
// Services (kourier, kourier-internal) and ConfigMap config-domain.
func gateway(objs []unstructured.Unstructured) []unstructured.Unstructured {
	var out []unstructured.Unstructured
	for _, u := range objs {
		switch {
		case u.GetAPIVersion() == "v1" && u.GetKind() == "Service" && strings.HasPrefix(u.GetName(), "kourier"):
		case u.GetAPIVersion() == "v1" && u.GetKind() == "ConfigMap" && u.GetName() == "config-domain":
		default:
			continue
		}
		out = append(out, u)
	}
	return out
}

func writeYAML(w io.Writer, objs []unstructured.Unstructured) error {
	var buf bytes.Buffer
	for i := range objs {
		b, err := yaml.Marshal(objs[i].Object)
		if err != nil {
			return err
		}
		buf.WriteString("---\n")
		buf.Write(b)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// operatorVersion is the knative.dev/operator version compiled in.
func operatorVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == operatorModule {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return ""
}

// moduleKodata finds cmd/operator/kodata of the operator module compiled
// in, in the module cache (the build downloaded it there).
func moduleKodata() (string, error) {
	v := operatorVersion()
	if v == "" {
		return "", errors.New("no knative.dev/operator in the build info; pass -kodata")
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		out, err := exec.Command("go", "env", "GOMODCACHE").Output()
		if err != nil {
			return "", fmt.Errorf("go env GOMODCACHE: %w; pass -kodata", err)
		}
		cache = strings.TrimSpace(string(out))
	}
	p, err := module.EscapePath(operatorModule)
	if err != nil {
		return "", err
	}
	ev, err := module.EscapeVersion(v)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, p+"@"+ev, "cmd", "operator", "kodata")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("kodata of %s@%s: %w; pass -kodata", operatorModule, v, err)
	}
	return dir, nil
}
