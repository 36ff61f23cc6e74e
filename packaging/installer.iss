; Factory Direct (工厂直营) — Inno Setup 6 script for the Windows installer.
;
; Wraps the PyInstaller one-folder build (dist\FactoryDirect\, made by packaging\factory_direct.spec):
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\installer.iss
; The build passes the version (read from app/__init__.py); without /DAppVersion it is taken from
; FactoryDirect.exe's version resource. Output: dist\installer\FactoryDirect-<version>-setup.exe.
;
; - Per-user install, no administrator rights: PrivilegesRequired=lowest, into
;   %LOCALAPPDATA%\Programs\Factory Direct; Start-menu entry in the user's own Start menu.
; - .fdw files open in Factory Direct: the association is written under HKCU\Software\Classes only.
; - Upgrades replace the whole program folder (no stale files from an older build are left in _internal).
; - The uninstaller removes the program and its registry entries, and nothing else: workspaces (*.fdw,
;   wherever the user keeps them, and their *-backups folders), %LOCALAPPDATA%\FactoryDirect (logs, backups
;   of read-only workspaces, crash reports) and the settings (HKCU\Software\FactoryDirect) are user data
;   and are always kept.
; - Silent install for automation and CI: FactoryDirect-<version>-setup.exe /VERYSILENT /CURRENTUSER

#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + "..\dist\FactoryDirect\FactoryDirect.exe")
#endif
#if AppVersion == ""
  #error Pass the version: ISCC /DAppVersion=x.y.z packaging\installer.iss (or build dist\FactoryDirect first)
#endif

#define AppName "Factory Direct"
#define AppNameZh "工厂直营"
#define AppExe "FactoryDirect.exe"
#define AppCliExe "FactoryDirect-cli.exe"
#define ProgId "FactoryDirect.Workspace"
#define BuildDir AddBackslash(SourcePath) + "..\dist\FactoryDirect"

[Setup]
; The AppId identifies the product for upgrades and the uninstaller: never change it.
AppId={{6E7F3C52-2B1D-4C0B-9A7E-3F1D8C4B2A90}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppNameZh} {#AppVersion}
AppPublisher={#AppName}
AppCopyright=Factory Direct
; Per user, without administrator rights (no UAC prompt); /CURRENTUSER on the command line is accepted.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#SourcePath}..\dist\installer
OutputBaseFilename=FactoryDirect-{#AppVersion}-setup
SetupIconFile={#SourcePath}..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppNameZh}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; The .fdw association changes Explorer's view of files: tell the shell.
ChangesAssociations=yes
; Close a running Factory Direct before replacing its files, and start it again afterwards.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[CustomMessages]
en.OpenWorkspace=Factory Direct workspace
en.LaunchApp=Start Factory Direct
en.DesktopIcon=Create a desktop shortcut
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
zh_CN.OpenWorkspace=工厂直营工作区
zh_CN.LaunchApp=启动工厂直营
zh_CN.DesktopIcon=创建桌面快捷方式
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program folder's bundled libraries wholesale (never user data: none lives here).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName} {#AppNameZh}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName} {#AppNameZh}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; .fdw -> FactoryDirect.Workspace, for this user only (HKCU\Software\Classes).
Root: HKCU; Subkey: "Software\Classes\.fdw"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.fdw\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:OpenWorkspace}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --workspace ""%1"""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".fdw"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may have left in its own folder. User data is deliberately NOT listed:
; %LOCALAPPDATA%\FactoryDirect, the workspaces and their backups, and HKCU\Software\FactoryDirect stay.
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
