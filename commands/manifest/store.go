package manifest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/skiff-cli/skiff/commands"
	"github.com/skiff-cli/skiff/imageref"
)

// store is docker's local store of manifest lists: $DOCKER_CONFIG/manifests/<list>/<image>,
// one directory per list and one JSON file (an imageManifest) per image, both named by
// the canonical reference with ":" as "-" and "/" as "_". Lists made by docker can be
// annotated and pushed by skiff, and the other way round.
type store struct {
	root string
}

func newStore(cli commands.Cli) store {
	return store{root: filepath.Join(filepath.Dir(cli.ConfigFile().Filename), "manifests")}
}

// fileName is a reference as a file name: "127.0.0.1:5000/a/b:t" -> "127.0.0.1-5000_a_b-t".
func fileName(ref imageref.Ref) string {
	return strings.NewReplacer(":", "-", "/", "_").Replace(ref.String())
}

// errNoSuchManifest is docker's error for a list or image the store does not hold.
func errNoSuchManifest(ref imageref.Ref) error {
	return fmt.Errorf("No such manifest: %s", ref.String()) //nolint:staticcheck // docker's words
}

func (s store) listDir(list imageref.Ref) string { return filepath.Join(s.root, fileName(list)) }

// get is the image of list, or errNoSuchManifest(image).
func (s store) get(list, image imageref.Ref) (imageManifest, error) {
	b, err := os.ReadFile(filepath.Join(s.listDir(list), fileName(image)))
	if errors.Is(err, fs.ErrNotExist) {
		return imageManifest{}, errNoSuchManifest(image)
	}
	if err != nil {
		return imageManifest{}, err
	}
	var im imageManifest
	if err := json.Unmarshal(b, &im); err != nil {
		return imageManifest{}, err
	}
	return im, nil
}

// list is every image of list in file-name order; found is false when there is no
// such list.
func (s store) list(list imageref.Ref) (images []imageManifest, found bool, err error) {
	dir := s.listDir(list)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") { // ".": a write in progress
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, true, err
		}
		var im imageManifest
		if err := json.Unmarshal(b, &im); err != nil {
			return nil, true, err
		}
		images = append(images, im)
	}
	return images, true, nil
}

// exists reports whether the store holds list.
func (s store) exists(list imageref.Ref) bool {
	fi, err := os.Stat(s.listDir(list))
	return err == nil && fi.IsDir()
}

// save writes image's entry of list atomically (a temporary file renamed over it): a
// reader, docker included, sees the old entry or the new one, never half of one.
func (s store) save(list, image imageref.Ref, im imageManifest) error {
	dir := s.listDir(list)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(im)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, fileName(image)))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// remove deletes list, or says errNoSuchManifest(list).
func (s store) remove(list imageref.Ref) error {
	if !s.exists(list) {
		return errNoSuchManifest(list)
	}
	return os.RemoveAll(s.listDir(list))
}
