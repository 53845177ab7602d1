package compose

// since drops from props the keys a file of version 3.minor may not use yet, each
// named with the first minor version docker 28 accepts it in (observed per version).
func since(minor int, props map[string]*schema, keys map[string]int) {
	for k, first := range keys {
		if minor < first {
			delete(props, k)
		}
	}
}

// rootSchema builds the schema of version 3.minor on each load (no package-level work:
// most runs of the binary never load a compose file).
func rootSchema(minor int) *schema {
	str := &schema{kind: kString}
	integer := &schema{kind: kInt}
	num := &schema{kind: kNumber}
	boolean := &schema{kind: kBool}
	strList := listOf(str)
	strOrList := &schema{kind: kStringOrList}
	strOrNum := &schema{kind: kStringOrNum}
	listOrDict := &schema{kind: kListOrDict}
	dur := &schema{kind: kString, format: "duration"}
	labels := listOrDict
	external := &schema{kind: kBoolOrObj, items: obj(map[string]*schema{"name": str})}

	// interval and timeout have their format from 3.4 on (before, docker's decoder
	// refuses a bad one)
	hcDur := str
	if minor >= 4 {
		hcDur = dur
	}
	healthcheck := obj(map[string]*schema{
		"disable": boolean, "interval": hcDur, "retries": num, "test": strOrList,
		"timeout": hcDur, "start_period": dur, "start_interval": dur,
	})
	since(minor, healthcheck.props, map[string]int{"start_period": 4, "start_interval": 12})
	// limits and reservations differ: pids is a limit only (3.9), generic resources a
	// reservation only (3.5).
	limits := obj(map[string]*schema{"cpus": strOrNum, "memory": str, "pids": integer})
	since(minor, limits.props, map[string]int{"pids": 9})
	reservations := obj(map[string]*schema{
		"cpus": strOrNum, "memory": str,
		"generic_resources": listOf(obj(map[string]*schema{
			"discrete_resource_spec": obj(map[string]*schema{"kind": str, "value": num}),
		})),
	})
	since(minor, reservations.props, map[string]int{"generic_resources": 5})
	updateConfig := func() *schema {
		u := obj(map[string]*schema{
			"parallelism": integer, "delay": dur, "failure_action": str, "monitor": dur,
			"max_failure_ratio": num, "order": {kind: kString, enum: []string{"start-first", "stop-first"}},
		})
		since(minor, u.props, map[string]int{"order": 4})
		return u
	}
	deploy := obj(map[string]*schema{
		"mode": str, "endpoint_mode": str, "replicas": integer, "labels": labels,
		"rollback_config": updateConfig(), "update_config": updateConfig(),
		"resources": obj(map[string]*schema{"limits": limits, "reservations": reservations}),
		"restart_policy": obj(map[string]*schema{
			"condition": str, "delay": dur, "max_attempts": integer, "window": dur,
		}),
		"placement": obj(map[string]*schema{
			"constraints":           strList,
			"preferences":           listOf(obj(map[string]*schema{"spread": str})),
			"max_replicas_per_node": integer,
		}),
	})
	since(minor, deploy.props, map[string]int{"endpoint_mode": 2, "rollback_config": 7})
	since(minor, deploy.props["placement"].props, map[string]int{"preferences": 3, "max_replicas_per_node": 8})
	fileRef := &schema{kind: kListOfStrOrObj, items: obj(map[string]*schema{
		"source": str, "target": str, "uid": str, "gid": str, "mode": num,
	})}
	fileRef.items.ext = true
	deploy.nullable = true
	build := obj(map[string]*schema{
		"context": str, "dockerfile": str, "args": listOrDict, "labels": labels,
		"cache_from": strList, "network": str, "target": str, "shm_size": strOrNum,
		"extra_hosts": listOrDict, "isolation": {kind: kAny},
	})
	since(minor, build.props, map[string]int{
		"cache_from": 2, "labels": 3, "network": 4, "target": 4, "shm_size": 5, "extra_hosts": 9, "isolation": 11,
	})
	build.ext = minor >= 11
	credSpec := obj(map[string]*schema{"config": str, "file": str, "registry": str})
	since(minor, credSpec.props, map[string]int{"config": 8})
	// ports and volumes have their long syntax (objects) from 3.2 on; published is an
	// integer there whatever the version (docker refuses "8080"), and host_ip is refused.
	ports := &schema{kind: kListOfStrOrObj, format: "ports"}
	volumes := &schema{kind: kListOfStrOrObj}
	if minor >= 2 {
		ports.items = obj(map[string]*schema{
			"mode": str, "target": integer, "published": integer, "protocol": str,
		})
		longVolume := &schema{kind: kObject, required: []string{"type"}, props: map[string]*schema{
			"type": str, "source": str, "target": str, "read_only": boolean, "consistency": str,
			"bind":   obj(map[string]*schema{"propagation": str, "create_host_path": boolean}),
			"volume": obj(map[string]*schema{"nocopy": boolean}),
			"tmpfs":  obj(map[string]*schema{"size": integer, "mode": num}),
		}}
		since(minor, longVolume.props, map[string]int{"tmpfs": 6})
		volumes.items = longVolume
	}
	service := obj(map[string]*schema{
		"deploy":  deploy,
		"build":   &schema{kind: kStringOrObj, items: build},
		"cap_add": strList, "cap_drop": strList, "cgroup_parent": str,
		"command": strOrList, "configs": fileRef, "container_name": str,
		"credential_spec": credSpec,
		"depends_on":      strList, "devices": strList,
		"dns": strOrList, "dns_search": strOrList, "domainname": str,
		"entrypoint": strOrList, "env_file": strOrList, "environment": listOrDict,
		"expose": listOf(strOrNum), "external_links": strList, "extra_hosts": listOrDict,
		"healthcheck": healthcheck, "hostname": str, "image": str, "init": boolean,
		"ipc": str, "isolation": str, "labels": labels, "links": strList,
		"logging":     obj(map[string]*schema{"driver": str, "options": mapOf(&schema{kind: kStringOrNum})}),
		"mac_address": str, "network_mode": str,
		"networks": &schema{kind: kListOrDict, values: obj(map[string]*schema{
			"aliases": strList, "ipv4_address": str, "ipv6_address": str,
		})},
		"pid":           str,
		"oom_score_adj": integer, "ports": ports,
		"privileged": boolean, "read_only": boolean, "restart": str,
		"secrets": fileRef, "security_opt": strList, "shm_size": strOrNum,
		"stdin_open": boolean, "stop_grace_period": dur, "stop_signal": str,
		"sysctls": listOrDict, "tmpfs": strOrList, "tty": boolean,
		"ulimits": mapOf(&schema{kind: kNumOrObj, items: &schema{
			kind: kObject, required: []string{"soft", "hard"}, props: map[string]*schema{"hard": integer, "soft": integer},
		}}),
		"user": str, "userns_mode": str,
		"volumes":     volumes,
		"working_dir": str,
	})
	since(minor, service.props, map[string]int{
		"secrets": 1, "configs": 3, "credential_spec": 3, "isolation": 5, "init": 7, "oom_score_adj": 13,
	})
	network := obj(map[string]*schema{
		"name": str, "driver": str, "driver_opts": mapOf(strOrNum),
		"ipam": obj(map[string]*schema{
			"driver": str,
			"config": listOf(obj(map[string]*schema{"subnet": str})),
		}),
		"external": external, "internal": boolean, "attachable": boolean, "labels": labels,
	})
	volume := obj(map[string]*schema{
		"name": str, "driver": str, "driver_opts": mapOf(strOrNum),
		"external": external, "labels": labels,
	})
	secret := obj(map[string]*schema{
		"name": str, "file": str, "external": external, "labels": labels,
		"driver": str, "driver_opts": mapOf(strOrNum), "template_driver": str,
	})
	config := obj(map[string]*schema{
		"name": str, "file": str, "external": external, "labels": labels, "template_driver": str,
	})
	since(minor, network.props, map[string]int{"attachable": 2, "name": 5})
	since(minor, volume.props, map[string]int{"name": 4})
	since(minor, secret.props, map[string]int{"name": 5, "driver": 8, "driver_opts": 8, "template_driver": 8})
	since(minor, config.props, map[string]int{"name": 5, "template_driver": 8})
	for _, s := range []*schema{service, network, volume, secret, config} {
		s.ext = minor >= 7
	}
	network.nullable = true
	volume.nullable = true
	named := `^[a-zA-Z0-9._-]+$`
	root := obj(map[string]*schema{
		"version":  str,
		"services": &schema{kind: kObject, values: service, keyRE: named},
		"networks": &schema{kind: kObject, values: network, keyRE: named},
		"volumes":  &schema{kind: kObject, values: volume, keyRE: named},
		"secrets":  &schema{kind: kObject, values: secret, keyRE: named},
		"configs":  &schema{kind: kObject, values: config, keyRE: named},
	})
	since(minor, root.props, map[string]int{"secrets": 1, "configs": 3})
	root.ext = minor >= 4
	return root
}
