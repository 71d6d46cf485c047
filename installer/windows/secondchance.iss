; Inno Setup 6 script for Second Chance on Windows.
; Built by `py installer\build.py inno`, which passes the defines below, e.g.
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=dist\secondchance /DOutputDir=dist
;            /DIconFile=build\installer\icons\secondchance.ico installer\windows\secondchance.iss
;
; Installs per user without administrator rights by default (the person may choose "for all
; users" in the dialog, which then asks for elevation). The uninstaller removes only what
; this installer put in place: the person's data folder (%LOCALAPPDATA%\SecondChance) is
; never touched.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (installer\build.py does)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\secondchance"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\installer\icons\secondchance.ico"
#endif

#define AppName "Second Chance"
#define AppExe "secondchance.exe"

[Setup]
; The AppId identifies the app across upgrades; never change it.
AppId={{6C0E3A51-7D2B-4F7E-9B1A-2E5C8D4F0A17}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Second Chance developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=SecondChance-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entries: uninstalling removes the program files only, and the
; person's data folder stays where it is.
