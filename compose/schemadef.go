package compose

// rootSchema builds the schema on each load (no package-level work: most runs of the
// binary never load a compose file).
func rootSchema() *schema {
	str := &schema{kind: kString}
	integer := &schema{kind: kInt}
	num := &schema{kind: kNumber}
	boolean := &schema{kind: kBool}
	strList := listOf(str)
	strOrList := &schema{kind: kStringOrList}
	strOrNum := &schema{kind: kStringOrNum}
	listOrDict := &schema{kind: kListOrDict}
	dur := str
	labels := listOrDict
	external := &schema{kind: kBoolOrObj, items: obj(map[string]*schema{"name": str})}

	healthcheck := obj(map[string]*schema{
		"disable": boolean, "interval": dur, "retries": num, "test": strOrList,
		"timeout": dur, "start_period": dur, "start_interval": dur,
	})
	resource := obj(map[string]*schema{
		"cpus": strOrNum, "memory": str, "pids": integer,
		"generic_resources": listOf(obj(map[string]*schema{
			"discrete_resource_spec": obj(map[string]*schema{"kind": str, "value": num}),
		})),
	})
	updateConfig := obj(map[string]*schema{
		"parallelism": integer, "delay": dur, "failure_action": str, "monitor": dur,
		"max_failure_ratio": num, "order": str,
	})
	deploy := obj(map[string]*schema{
		"mode": str, "endpoint_mode": str, "replicas": integer, "labels": labels,
		"rollback_config": updateConfig, "update_config": updateConfig,
		"resources": obj(map[string]*schema{"limits": resource, "reservations": resource}),
		"restart_policy": obj(map[string]*schema{
			"condition": str, "delay": dur, "max_attempts": integer, "window": dur,
		}),
		"placement": obj(map[string]*schema{
			"constraints":           strList,
			"preferences":           listOf(obj(map[string]*schema{"spread": str})),
			"max_replicas_per_node": integer,
		}),
	})
	fileRef := &schema{kind: kListOfStrOrObj, items: obj(map[string]*schema{
		"source": str, "target": str, "uid": str, "gid": str, "mode": num,
	})}
	deploy.nullable = true
	service := obj(map[string]*schema{
		"deploy": deploy,
		"build": &schema{kind: kStringOrObj, items: obj(map[string]*schema{
			"context": str, "dockerfile": str, "args": listOrDict, "labels": labels,
			"cache_from": strList, "network": str, "target": str, "shm_size": strOrNum,
			"extra_hosts": listOrDict,
		})},
		"cap_add": strList, "cap_drop": strList, "cgroup_parent": str,
		"command": strOrList, "configs": fileRef, "container_name": str,
		"credential_spec": obj(map[string]*schema{"config": str, "file": str, "registry": str}),
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
		"pid": str,
		"ports": &schema{kind: kListOfStrOrObj, format: "ports", items: obj(map[string]*schema{
			"mode": str, "host_ip": str, "target": integer, "published": strOrNum, "protocol": str,
		})},
		"privileged": boolean, "read_only": boolean, "restart": str,
		"secrets": fileRef, "security_opt": strList, "shm_size": strOrNum,
		"stdin_open": boolean, "stop_grace_period": dur, "stop_signal": str,
		"sysctls": listOrDict, "tmpfs": strOrList, "tty": boolean,
		"ulimits": mapOf(&schema{kind: kNumOrObj, items: obj(map[string]*schema{"hard": integer, "soft": integer})}),
		"user":    str, "userns_mode": str,
		"volumes": &schema{kind: kListOfStrOrObj, items: obj(map[string]*schema{
			"type": str, "source": str, "target": str, "read_only": boolean, "consistency": str,
			"bind":   obj(map[string]*schema{"propagation": str, "create_host_path": boolean}),
			"volume": obj(map[string]*schema{"nocopy": boolean}),
			"tmpfs":  obj(map[string]*schema{"size": integer, "mode": num}),
		})},
		"working_dir": str,
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
	network.nullable = true
	volume.nullable = true
	named := `^[a-zA-Z0-9._-]+$`
	return obj(map[string]*schema{
		"version":  str,
		"services": &schema{kind: kObject, values: service, keyRE: named},
		"networks": &schema{kind: kObject, values: network, keyRE: named},
		"volumes":  &schema{kind: kObject, values: volume, keyRE: named},
		"secrets":  &schema{kind: kObject, values: secret, keyRE: named},
		"configs":  &schema{kind: kObject, values: config, keyRE: named},
	})
}
