; Inno Setup 6 script for CTI Desktop: a per-machine installer of the PyInstaller bundle.
;
; Build (on Windows, after packaging\README.md's bundle step has produced dist\cti-desktop):
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\cti-desktop.iss
; Output: dist\cti-desktop-<version>-setup.exe
;
; Silent install for fleets (every parameter after /VERYSILENT is optional):
;   cti-desktop-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="C:\Windows\Temp\cti-setup.log"
;       /SETTINGS="\\server\it\cti-desktop\settings.toml" /SELFTEST=1
; /SETTINGS copies that file to %ProgramData%\CTI Desktop\settings.toml (the machine-wide settings).
; /SELFTEST=1 runs "cti-desktop.exe --self-test" after installing; the verdict goes to the /LOG file.
; Silent uninstall: "C:\Program Files\CTI Desktop\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART

#define AppName "CTI Desktop"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "cti-desktop.exe"
#define AppKey "Software\CTI Desktop"
#ifndef BundleDir
  #define BundleDir "..\..\dist\cti-desktop"
#endif

[Setup]
; The AppId identifies the product for upgrades and the uninstaller: never change it.
AppId={{7706B247-A15F-54E4-A769-FF24A81E7892}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CTI Desktop maintainers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
; Per machine: Program Files, the common Start menu, HKLM, %ProgramData%.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=cti-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\cti-desktop.ico
; GPL-3.0-or-later: shown before installing; the bundle carries LICENSE and THIRD-PARTY-LICENSES.txt.
LicenseFile=..\..\LICENSE
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running CTI Desktop before replacing its files (silently under /SUPPRESSMSGBOXES).
CloseApplications=yes
RestartApplications=no
; Tell Explorer that the tel: and callto: handlers changed.
ChangesAssociations=yes

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\settings.example.toml"; DestDir: "{app}"; Flags: ignoreversion
; The machine-wide settings IT hands over with /SETTINGS=path. They belong to IT, like
; /etc/cti-desktop/settings.toml on Linux: an uninstall leaves them in place.
Source: "{param:SETTINGS}"; DestDir: "{commonappdata}\{#AppName}"; DestName: "settings.toml"; \
  Flags: external ignoreversion uninsneveruninstall; Check: SettingsGiven

[Dirs]
Name: "{commonappdata}\{#AppName}"; Flags: uninsneveruninstall

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "CTI Actions and CTI Flows for contact-center agents"

[Registry]
; A ProgID per scheme that opens the link with --dial (the app then runs click-to-dial).
Root: HKLM; Subkey: "Software\Classes\CTIDesktop.tel"; ValueType: string; ValueName: ""; ValueData: "CTI Desktop tel: link"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\CTIDesktop.tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKLM; Subkey: "Software\Classes\CTIDesktop.tel\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKLM; Subkey: "Software\Classes\CTIDesktop.tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --dial ""%1"""
Root: HKLM; Subkey: "Software\Classes\CTIDesktop.callto"; ValueType: string; ValueName: ""; ValueData: "CTI Desktop callto: link"; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\CTIDesktop.callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKLM; Subkey: "Software\Classes\CTIDesktop.callto\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKLM; Subkey: "Software\Classes\CTIDesktop.callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --dial ""%1"""
; Windows 10/11 list the app under Settings > Default apps > tel / callto through these capabilities.
Root: HKLM; Subkey: "{#AppKey}"; Flags: uninsdeletekey
Root: HKLM; Subkey: "{#AppKey}\Capabilities"; ValueType: string; ValueName: "ApplicationName"; ValueData: "{#AppName}"
Root: HKLM; Subkey: "{#AppKey}\Capabilities"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "Dials tel: and callto: links through the agent's CTI Flows"
Root: HKLM; Subkey: "{#AppKey}\Capabilities\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "CTIDesktop.tel"
Root: HKLM; Subkey: "{#AppKey}\Capabilities\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "CTIDesktop.callto"
Root: HKLM; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "{#AppName}"; ValueData: "{#AppKey}\Capabilities"; Flags: uninsdeletevalue
; The machine default for the schemes (a user's own choice in Settings > Default apps still wins).
; Only our values are removed on uninstall, and the keys only when nothing else is left in them.
Root: HKLM; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: ""; ValueData: "URL:tel"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKLM; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKLM; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --dial ""%1"""; Flags: uninsdeletekey
Root: HKLM; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: ""; ValueData: "URL:callto"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKLM; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKLM; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --dial ""%1"""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent

[Code]
function SettingsGiven: Boolean;
begin
  Result := (ExpandConstant('{param:SETTINGS|}') <> '') and FileExists(ExpandConstant('{param:SETTINGS|}'));
end;

function InitializeSetup: Boolean;
var
  Settings: String;
begin
  Settings := ExpandConstant('{param:SETTINGS|}');
  if (Settings <> '') and not FileExists(Settings) then
  begin
    Log('The settings file given with /SETTINGS does not exist: ' + Settings);
    SuppressibleMsgBox('The settings file ' + Settings + ' does not exist; CTI Desktop will be installed ' +
      'without machine-wide settings.', mbError, MB_OK, IDOK);
  end;
  Result := True;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  ResultCode: Integer;
  Exe: String;
begin
  if (CurStep = ssPostInstall) and (ExpandConstant('{param:SELFTEST|0}') = '1') then
  begin
    Exe := ExpandConstant('{app}\{#AppExe}');
    if Exec(Exe, '--self-test', '', SW_HIDE, ewWaitUntilTerminated, ResultCode) and (ResultCode = 0) then
      Log('CTI Desktop self-test passed.')
    else
    begin
      Log(Format('CTI Desktop self-test FAILED (exit code %d). Its report is in %s.',
        [ResultCode, ExpandConstant('{localappdata}\cti-desktop\Logs\self-test.txt')]));
      SuppressibleMsgBox('The CTI Desktop self-test failed after installing. See the setup log for details.',
        mbError, MB_OK, IDOK);
    end;
  end;
end;
