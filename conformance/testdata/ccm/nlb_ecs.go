//go:build ccmconformance

// The harness's ECS security groups for the NLB path at the pinned commit (part of package main,
// see nlb.go). Releases whose NLB code makes no security group (no pkg/model/ecs) have an empty
// nlb_ecs.go under releases/<tag>/.
package main

import (
	"context"
	"fmt"

	ecsmodel "k8s.io/cloud-provider-alibaba-cloud/pkg/model/ecs"
	"k8s.io/cloud-provider-alibaba-cloud/pkg/model/tag"
)

// The ECS security-group calls of the NLB path (loadBalancerSourceRanges): vmock.MockECS answers
// DescribeSecurityGroups with two groups whatever the tags, which the CCM refuses ("expect 1,
// got 2") as soon as an NLB has security groups; the fake keeps the groups the CCM creates and
// records these calls with the NLB calls.

func (c *cloud) CreateSecurityGroup(ctx context.Context, sg ecsmodel.SecurityGroup) error {
	var tags [][2]string
	for _, t := range sg.Tags {
		tags = append(tags, [2]string{t.Key, t.Value})
	}
	c.nlbFake.ecsCreateSG(sg.Name, sg.Description, tags)
	return nil
}

func (c *cloud) DescribeSecurityGroups(ctx context.Context, tags []tag.Tag) ([]ecsmodel.SecurityGroup, error) {
	var want [][2]string
	for _, t := range tags {
		want = append(want, [2]string{t.Key, t.Value})
	}
	var out []ecsmodel.SecurityGroup
	for _, g := range c.nlbFake.ecsFindSGs(want) {
		out = append(out, ecsSG(g))
	}
	return out, nil
}

func ecsSG(g nECSSG) ecsmodel.SecurityGroup {
	sg := ecsmodel.SecurityGroup{ID: g.ID, Name: g.Name, Description: g.Description, Type: ecsmodel.SecurityGroupTypeEnterprise}
	for _, t := range g.Tags {
		sg.Tags = append(sg.Tags, tag.Tag{Key: t[0], Value: t[1]})
	}
	return sg
}

func (c *cloud) DescribeSecurityGroupAttribute(ctx context.Context, sgId string) (ecsmodel.SecurityGroup, error) {
	g, ok := c.nlbFake.ecsSG(sgId)
	if !ok {
		return ecsmodel.SecurityGroup{}, fmt.Errorf("InvalidSecurityGroupId.NotFound: %s", sgId)
	}
	return ecsSG(g), nil
}

func (c *cloud) DeleteSecurityGroup(ctx context.Context, sgId string) error {
	c.nlbFake.ecsCall("DeleteSecurityGroup", map[string]string{"SecurityGroupId": sgId})
	return nil
}

func permissionParams(sgId string, ps []ecsmodel.SecurityGroupPermission) map[string]string {
	p := map[string]string{"SecurityGroupId": sgId}
	for i, x := range ps {
		p[fmt.Sprintf("Permissions.%d.Policy", i+1)] = string(x.Policy)
		p[fmt.Sprintf("Permissions.%d.SourceCidrIp", i+1)] = x.SourceCidrIp
		p[fmt.Sprintf("Permissions.%d.Priority", i+1)] = x.Priority
	}
	return p
}

func (c *cloud) AuthorizeSecurityGroup(ctx context.Context, sgId string, ps []ecsmodel.SecurityGroupPermission) error {
	c.nlbFake.ecsCall("AuthorizeSecurityGroup", permissionParams(sgId, ps))
	return nil
}

func (c *cloud) RevokeSecurityGroup(ctx context.Context, sgId string, ps []ecsmodel.SecurityGroupPermission) error {
	c.nlbFake.ecsCall("RevokeSecurityGroup", permissionParams(sgId, ps))
	return nil
}

func (c *cloud) ModifySecurityGroupAttribute(ctx context.Context, sgId string, sg *ecsmodel.SecurityGroup) error {
	c.nlbFake.ecsCall("ModifySecurityGroupAttribute", map[string]string{"SecurityGroupId": sgId, "SecurityGroupName": sg.Name, "Description": sg.Description})
	return nil
}

func (c *cloud) ModifySecurityGroupRule(ctx context.Context, sgId string, x ecsmodel.SecurityGroupPermission) error {
	c.nlbFake.ecsCall("ModifySecurityGroupRule", permissionParams(sgId, []ecsmodel.SecurityGroupPermission{x}))
	return nil
}
