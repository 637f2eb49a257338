"""The .deb builder on a stand-in bundle (fast, no PyInstaller): the package's layout, control fields,
desktop entry with the tel:/callto: handlers, icons, example settings and maintainer scripts."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from cti_desktop import __version__
from cti_desktop.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb is not installed")


def load_build_deb() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_deb", PACKAGING / "build_deb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_deb = load_build_deb()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A stand-in bundle packaged as version 9.8.7; returns the .deb and the folder it was unpacked to."""
    folder = tmp_path_factory.mktemp("deb")
    bundle = folder / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    executable = bundle / "cti-desktop"
    executable.write_text("#!/bin/sh\necho stand-in\n", encoding="utf-8")
    executable.chmod(0o700)
    library = bundle / "_internal" / "libexample.so"
    library.write_bytes(b"\0" * 3000)
    library.chmod(0o600)
    (bundle / "_internal" / "libexample.so.1").symlink_to("libexample.so")
    (bundle / "_internal" / "LICENSE").write_text("GNU GENERAL PUBLIC LICENSE\n", encoding="utf-8")
    (bundle / "_internal" / "THIRD-PARTY-LICENSES.txt").write_text("Qt: LGPL-3.0\n", encoding="utf-8")
    deb = build_deb.build_deb(bundle, folder / "out", version="9.8.7", architecture="amd64")
    root = folder / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return deb, root


def dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], check=True, capture_output=True, text=True).stdout


def test_package_is_named_for_version_and_architecture(built: tuple[Path, Path]) -> None:
    deb, _root = built

    assert deb.name == "cti-desktop_9.8.7_amd64.deb"
    assert dpkg_deb("-f", str(deb), "Package", "Version", "Architecture").splitlines() == [
        "Package: cti-desktop",
        "Version: 9.8.7",
        "Architecture: amd64",
    ]


def test_version_defaults_to_the_package_version() -> None:
    assert build_deb.read_version() == __version__


def test_control_declares_dependencies_and_installed_size(built: tuple[Path, Path]) -> None:
    deb, root = built

    depends = dpkg_deb("-f", str(deb), "Depends")
    installed_kib = int(dpkg_deb("-f", str(deb), "Installed-Size"))

    assert "libc6 (>= 2.28)" in depends
    assert "libstdc++6" in depends
    assert "libdbus-1-3" in depends
    assert installed_kib == build_deb.installed_size_kib(root)
    assert installed_kib >= 3  # the 3000-byte library alone rounds up to 3 KiB


def test_bundle_goes_under_opt_with_a_command_on_the_path(built: tuple[Path, Path]) -> None:
    _deb, root = built
    bundle = root / "opt" / "cti-desktop"

    assert os.readlink(root / "usr" / "bin" / "cti-desktop") == "/opt/cti-desktop/cti-desktop"
    assert (bundle / "cti-desktop").stat().st_mode & 0o777 == 0o755
    assert (bundle / "_internal" / "libexample.so").stat().st_mode & 0o777 == 0o644
    assert os.readlink(bundle / "_internal" / "libexample.so.1") == "libexample.so"


def test_files_belong_to_root(built: tuple[Path, Path]) -> None:
    deb, _root = built

    owners = {line.split()[1] for line in dpkg_deb("-c", str(deb)).splitlines()}

    assert owners == {"root/root"}


def test_desktop_entry_registers_the_tel_and_callto_handlers(built: tuple[Path, Path]) -> None:
    _deb, root = built
    path = root / "usr" / "share" / "applications" / "cti-desktop.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]

    assert desktop["Exec"] == "cti-desktop %u"
    assert desktop["Icon"] == "cti-desktop"
    assert set(desktop["MimeType"].rstrip(";").split(";")) == {
        "x-scheme-handler/tel",
        "x-scheme-handler/callto",
    }
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_icons_are_in_the_hicolor_theme(built: tuple[Path, Path]) -> None:
    _deb, root = built
    hicolor = root / "usr" / "share" / "icons" / "hicolor"

    sizes = {path.parent.parent.name for path in hicolor.glob("*/apps/cti-desktop.png")}

    assert {"16x16", "32x32", "48x48", "64x64", "128x128", "256x256"} <= sizes
    assert (hicolor / "48x48" / "apps" / "cti-desktop.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (hicolor / "scalable" / "apps" / "cti-desktop.svg").is_file()


def test_example_settings_are_valid_fleet_settings(built: tuple[Path, Path]) -> None:
    _deb, root = built
    example = root / "usr" / "share" / "doc" / "cti-desktop" / "settings.example.toml"

    loaded = load_settings(machine_file=example, user_file=example.with_name("absent.toml"), environ={})

    assert loaded.problems == []
    assert loaded.settings.demo_data is False
    assert set(tomllib.loads(example.read_text(encoding="utf-8"))) <= {"database_url", "demo_data", "theme"}


def test_the_license_and_the_third_party_licenses_are_in_the_documentation(built: tuple[Path, Path]) -> None:
    _deb, root = built
    doc = root / "usr" / "share" / "doc" / "cti-desktop"
    assert "License: GPL-3.0-or-later" in (doc / "copyright").read_text(encoding="utf-8")
    assert (doc / "LICENSE").read_text(encoding="utf-8") == "GNU GENERAL PUBLIC LICENSE\n"
    assert (doc / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8") == "Qt: LGPL-3.0\n"


@pytest.fixture
def control_dir(built: tuple[Path, Path], tmp_path: Path) -> Path:
    deb, _root = built
    folder = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(deb), str(folder)], check=True)
    return folder


def stub_tools(folder: Path) -> Path:
    """Stand-ins for the cache tools that record how they were called."""
    folder.mkdir()
    log = folder / "calls.log"
    for tool in ("update-desktop-database", "update-mime-database", "gtk-update-icon-cache"):
        stub = folder / tool
        stub.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{log}"\n', encoding="utf-8")
        stub.chmod(0o755)
    return log


@pytest.mark.parametrize(("script", "argument"), [("postinst", "configure"), ("postrm", "remove")])
def test_maintainer_scripts_refresh_the_desktop_caches(
    control_dir: Path, tmp_path: Path, script: str, argument: str
) -> None:
    log = stub_tools(tmp_path / "bin")

    path = control_dir / script
    assert path.stat().st_mode & 0o111
    subprocess.run(
        ["/bin/sh", str(path), argument], check=True, env={"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin"}
    )

    assert log.read_text(encoding="utf-8").splitlines() == [
        "update-desktop-database -q /usr/share/applications",
        "update-mime-database /usr/share/mime",
        "gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor",
    ]


@pytest.mark.parametrize(("script", "argument"), [("postinst", "configure"), ("postrm", "purge")])
def test_maintainer_scripts_succeed_without_the_tools(
    control_dir: Path, tmp_path: Path, script: str, argument: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    result = subprocess.run(["/bin/sh", str(control_dir / script), argument], env={"PATH": str(empty)})

    assert result.returncode == 0


def test_a_folder_without_the_executable_is_refused(tmp_path: Path) -> None:
    with pytest.raises(build_deb.DebBuildError, match="is not a CTI Desktop bundle"):
        build_deb.build_deb(tmp_path, tmp_path / "out", version="1.0", architecture="amd64")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
