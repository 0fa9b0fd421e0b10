/** The rule pages' content for the privileges rules (see ./index.ts). */
import type { RuleId } from '../../audit/rules/index.js';
import { BARE_API, yaml, type RuleDoc } from './types.js';

export const PRIVILEGES = {
  privileged: {
    why: "A privileged container can load kernel modules, mount the host's disks and write to `/sys`: there is no boundary left between it and the host. Whoever gets code execution in the service (a vulnerable dependency, an exposed admin page) owns the machine and every other container on it.",
    bad: yaml`
      services:
        web:
          image: nginx:1.27.2
          privileged: true
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          cap_drop: [ALL]
          cap_add: [NET_BIND_SERVICE]
    `,
    at: 'privileged: true',
  },
  'cap-add-dangerous': {
    why: '`SYS_ADMIN` alone allows mounting filesystems and most known container escapes; `SYS_MODULE` loads code into the host kernel; `SYS_PTRACE` reads the memory of other processes; `NET_ADMIN` rewrites routes and firewall rules and sniffs traffic; `ALL` is nearly `privileged`. A compromise of the service becomes a compromise of the host.',
    bad: yaml`
      services:
        vpn:
          image: example/vpn:2.1.0
          cap_add:
            - NET_ADMIN
    `,
    good: yaml`
      services:
        web:
          image: nginx:1.27.2
          cap_drop: [ALL]
          cap_add: [NET_BIND_SERVICE]
    `,
    at: '- NET_ADMIN',
  },
  'cap-drop-missing': {
    why: "Docker's default set keeps capabilities such as `NET_RAW` (forge packets, ARP-spoof neighbours on the bridge), `CHOWN`, `SETUID` and `DAC_OVERRIDE` (ignore file permissions). A web service needs none of them; each one is a step an attacker inside the container does not have to earn.",
    bad: BARE_API,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          cap_drop: [ALL]
    `,
    at: 'api:',
  },
  'no-new-privileges-missing': {
    why: 'Without it, a process in the container can gain privileges through setuid or setgid binaries (`su`, `sudo`, `passwd`, or one the attacker finds in the image): the usual second step after getting a shell as an unprivileged user.',
    bad: BARE_API,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt: ["no-new-privileges:true"]
    `,
    at: 'api:',
  },
  'runs-as-root': {
    why: "UID 0 in the container is UID 0 on the host unless user namespaces are remapped: a file the container can reach through a mount, or any escape, is reached as root. An unprivileged user also cannot rewrite the application's own files.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          user: root
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          user: "10001:10001"
    `,
    at: 'user: root',
  },
  'userns-host': {
    why: "On a daemon that remaps user namespaces (`userns-remap`), root in a container is an unprivileged user on the host. `userns_mode: host` opts this container out: its root is the host's root again, with everything the remapping was set up to prevent.",
    bad: yaml`
      services:
        agent:
          image: example/agent:3.0.1
          userns_mode: host
    `,
    good: yaml`
      services:
        agent:
          image: example/agent:3.0.1
    `,
    at: 'userns_mode: host',
  },
  'seccomp-unconfined': {
    why: "Docker's default seccomp profile blocks the system calls most kernel exploits start with (`keyctl`, `unshare`, `mount`, `bpf`, `perf_event_open`...). Unconfined, a kernel bug reachable through any of them is a way out of the container.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - seccomp:unconfined
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - no-new-privileges:true
    `,
    at: '- seccomp:unconfined',
  },
  'apparmor-unconfined': {
    why: 'The `docker-default` AppArmor profile denies writes to `/proc` and `/sys` entries and mounts that would let a container reconfigure the host. Unconfined, only the other layers are left.',
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - apparmor:unconfined
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - no-new-privileges:true
    `,
    at: '- apparmor:unconfined',
  },
  'selinux-disabled': {
    why: "On SELinux hosts, labels are what keeps a container from reading other containers' files and the host's, even through a bind mount. `label:disable` runs the container unconfined.",
    bad: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - label:disable
    `,
    good: yaml`
      services:
        api:
          image: example/api:1.4.2
          security_opt:
            - no-new-privileges:true
    `,
    at: '- label:disable',
  },
  'host-devices': {
    why: "A device node is a direct line to a kernel driver: a raw disk can be read or rewritten below the filesystem, `/dev/mem` is the host's memory, and driver bugs become reachable from the container. GPUs are better requested as device reservations, which the runtime sets up and scopes.",
    bad: yaml`
      services:
        inference:
          image: example/inference:0.9.0
          devices:
            - /dev/nvidia0:/dev/nvidia0
    `,
    good: yaml`
      services:
        inference:
          image: example/inference:0.9.0
          deploy:
            resources:
              reservations:
                devices:
                  - driver: nvidia
                    count: 1
                    capabilities: [gpu]
    `,
    at: '- /dev/nvidia0:/dev/nvidia0',
  },
  'cgroup-parent-set': {
    why: "A custom cgroup parent moves the container out of the hierarchy Docker manages: the limits and accounting set up for containers may not apply, and the container's resources are governed by whatever the host's parent cgroup says.",
    bad: yaml`
      services:
        worker:
          image: example/worker:2.3.0
          cgroup_parent: /custom.slice
    `,
    good: yaml`
      services:
        worker:
          image: example/worker:2.3.0
    `,
    at: 'cgroup_parent: /custom.slice',
  },
  'systempaths-unconfined': {
    why: "The engine hides parts of `/proc` and `/sys` from every container (`/proc/kcore` is the host's memory, `/proc/keys` the kernel's keyrings) and makes others read-only (`/proc/sys`, `/proc/sysrq-trigger`, which can reboot or crash the host). Unmasked, a process in the container reads and changes the host kernel's state.",
    bad: yaml`
      services:
        builder:
          image: example/builder:1.0.0
          security_opt:
            - systempaths=unconfined
    `,
    good: yaml`
      services:
        builder:
          image: example/builder:1.0.0
          security_opt:
            - no-new-privileges:true
    `,
    at: '- systempaths=unconfined',
  },
} satisfies Partial<Record<RuleId, RuleDoc>>;
