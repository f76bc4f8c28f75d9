"""Route 53 in `stepshift serve` through boto3 and the AWS CLI: hosted zones, transactional
change batches of simple, weighted and alias records, paged listings, and changes that are
PENDING until --route53-propagation has passed, then INSYNC."""
import json
import time
import unittest

from botocore.exceptions import ClientError

import harness


def weighted(action, identifier, weight, ip, name="app.example.com."):
    return {"Action": action, "ResourceRecordSet": {
        "Name": name, "Type": "A", "SetIdentifier": identifier, "Weight": weight, "TTL": 60,
        "ResourceRecords": [{"Value": ip}]}}


class Route53Test(harness.ServerTestCase):
    server_args = ("--route53-propagation", "0.5")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.r53 = cls.server.client("route53")

    def zone(self, name):
        created = self.r53.create_hosted_zone(Name=name, CallerReference=name + str(time.time()))
        return created["HostedZone"]["Id"].split("/")[-1]

    def assertRoute53Error(self, code, message, status, fn, **kwargs):
        with self.assertRaises(ClientError) as caught:
            fn(**kwargs)
        error = caught.exception.response
        self.assertEqual(error["Error"]["Code"], code)
        if message is not None:
            self.assertEqual(error["Error"]["Message"], message)
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], status)

    def test_zone_lifecycle(self):
        created = self.r53.create_hosted_zone(Name="Life.example.com", CallerReference="life-1",
                                              HostedZoneConfig={"Comment": "c"})
        self.assertEqual(created["ResponseMetadata"]["HTTPStatusCode"], 201)
        zone = created["HostedZone"]
        self.assertRegex(zone["Id"], r"^/hostedzone/Z[A-Z0-9]+$")
        self.assertEqual(zone["Name"], "life.example.com.")
        self.assertEqual(zone["ResourceRecordSetCount"], 2)
        self.assertEqual(created["ChangeInfo"]["Status"], "PENDING")
        self.assertEqual(len(created["DelegationSet"]["NameServers"]), 4)
        got = self.r53.get_hosted_zone(Id=zone["Id"])
        self.assertEqual(got["HostedZone"]["Config"], {"Comment": "c", "PrivateZone": False})
        ids = [z["Id"] for z in self.r53.list_hosted_zones()["HostedZones"]]
        self.assertIn(zone["Id"], ids)
        self.assertRoute53Error(
            "HostedZoneAlreadyExists",
            "A hosted zone has already been created with the specified caller reference.", 409,
            self.r53.create_hosted_zone, Name="other.example.com", CallerReference="life-1")
        self.r53.delete_hosted_zone(Id=zone["Id"])
        bare = zone["Id"].split("/")[-1]
        self.assertRoute53Error("NoSuchHostedZone", "No hosted zone found with ID: " + bare, 404,
                                self.r53.get_hosted_zone, Id=zone["Id"])

    def test_weighted_pair_shift_and_insync(self):
        zone = self.zone("blue-green.example.com")
        name = "app.blue-green.example.com."
        change = self.r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={
            "Comment": "create pair",
            "Changes": [weighted("CREATE", "blue", 255, "10.0.0.1", name),
                        weighted("CREATE", "green", 0, "10.0.0.2", name)]})["ChangeInfo"]
        self.assertEqual(change["Status"], "PENDING")
        self.assertEqual(change["Comment"], "create pair")
        self.r53.get_waiter("resource_record_sets_changed").wait(
            Id=change["Id"], WaiterConfig={"Delay": 1, "MaxAttempts": 10})
        self.assertEqual(self.r53.get_change(Id=change["Id"])["ChangeInfo"]["Status"], "INSYNC")
        self.r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            weighted("UPSERT", "blue", 128, "10.0.0.1", name),
            weighted("UPSERT", "green", 127, "10.0.0.2", name)]})
        records = self.r53.list_resource_record_sets(HostedZoneId=zone, StartRecordName=name,
                                                     StartRecordType="A")["ResourceRecordSets"]
        self.assertEqual([(r["SetIdentifier"], r["Weight"]) for r in records],
                         [("blue", 128), ("green", 127)])

    def test_delete_then_create_replaces_a_record_in_one_batch(self):
        # The pre-UPSERT way to change a record, and a conditional write: the DELETE must match
        # the current values, or the whole batch (the CREATE too) is refused.
        zone = self.zone("replace.example.com")
        name = "app.replace.example.com."
        self.r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            weighted("CREATE", "blue", 100, "10.0.0.1", name)]})
        self.r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            weighted("DELETE", "blue", 100, "10.0.0.1", name),
            weighted("CREATE", "blue", 90, "10.0.0.1", name)]})
        self.assertRoute53Error(
            "InvalidChangeBatch",
            "[Tried to delete resource record set [name='app.replace.example.com.', type='A', "
            "set-identifier='blue'] but the values provided do not match the current values, "
            "Tried to create resource record set [name='app.replace.example.com.', type='A', "
            "set-identifier='blue'] but it already exists]", 400,
            self.r53.change_resource_record_sets, HostedZoneId=zone, ChangeBatch={"Changes": [
                weighted("DELETE", "blue", 100, "10.0.0.1", name),
                weighted("CREATE", "blue", 80, "10.0.0.1", name)]})
        records = self.r53.list_resource_record_sets(HostedZoneId=zone, StartRecordName=name,
                                                     StartRecordType="A")["ResourceRecordSets"]
        self.assertEqual([(r["SetIdentifier"], r["Weight"]) for r in records], [("blue", 90)])
        self.assertRoute53Error(
            "InvalidChangeBatch", None, 400, self.r53.change_resource_record_sets,
            HostedZoneId=zone, ChangeBatch={"Changes": [
                weighted("UPSERT", "blue", 70, "10.0.0.1", name),
                weighted("UPSERT", "blue", 60, "10.0.0.1", name)]})

    def test_invalid_change_batches(self):
        zone = self.zone("bad.example.com")
        name = "app.bad.example.com."
        self.r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
            weighted("CREATE", "blue", 1, "10.0.0.1", name)]})
        self.assertRoute53Error(
            "InvalidChangeBatch",
            "[Tried to create resource record set [name='app.bad.example.com.', type='A', "
            "set-identifier='blue'] but it already exists]", 400,
            self.r53.change_resource_record_sets, HostedZoneId=zone, ChangeBatch={"Changes": [
                weighted("CREATE", "green", 1, "10.0.0.2", name),
                weighted("CREATE", "blue", 1, "10.0.0.1", name)]})
        listed = self.r53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
        self.assertEqual(len(listed), 3, "the batch applied nothing")
        self.assertRoute53Error(
            "InvalidChangeBatch",
            "[Tried to delete resource record set [name='app.bad.example.com.', type='A', "
            "set-identifier='blue'] but the values provided do not match the current values]",
            400, self.r53.change_resource_record_sets, HostedZoneId=zone,
            ChangeBatch={"Changes": [weighted("DELETE", "blue", 1, "10.9.9.9", name)]})
        self.assertRoute53Error(
            "InvalidChangeBatch",
            "[RRSet with DNS name app.other.com. is not permitted in zone bad.example.com.]", 400,
            self.r53.change_resource_record_sets, HostedZoneId=zone,
            ChangeBatch={"Changes": [weighted("CREATE", "x", 1, "10.0.0.1", "app.other.com")]})
        self.assertRoute53Error("InvalidInput", None, 400, self.r53.change_resource_record_sets,
                                HostedZoneId=zone,
                                ChangeBatch={"Changes": [weighted("UPSERT", "blue", 300, "1.1.1.1",
                                                                  name)]})
        self.assertRoute53Error("HostedZoneNotEmpty", None, 400, self.r53.delete_hosted_zone,
                                Id=zone)

    def test_alias_records_and_paging(self):
        zone = self.zone("page.example.com")
        changes = [{"Action": "CREATE", "ResourceRecordSet": {
            "Name": "lb.page.example.com", "Type": "A", "AliasTarget": {
                "HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "my-lb.us-east-1.elb.amazonaws.com",
                "EvaluateTargetHealth": True}}}]
        changes += [{"Action": "CREATE", "ResourceRecordSet": {
            "Name": "h%d.page.example.com" % i, "Type": "TXT", "TTL": 30,
            "ResourceRecords": [{"Value": '"v%d"' % i}]}} for i in range(5)]
        self.r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": changes})
        seen = []
        paginator = self.r53.get_paginator("list_resource_record_sets")
        for page in paginator.paginate(HostedZoneId=zone, PaginationConfig={"PageSize": 2}):
            seen += [r["Name"] for r in page["ResourceRecordSets"]]
        self.assertEqual(seen, ["page.example.com.", "page.example.com.", "h0.page.example.com.",
                                "h1.page.example.com.", "h2.page.example.com.",
                                "h3.page.example.com.", "h4.page.example.com.",
                                "lb.page.example.com."])
        alias = self.r53.list_resource_record_sets(
            HostedZoneId=zone, StartRecordName="lb.page.example.com",
            MaxItems="1")["ResourceRecordSets"][0]
        self.assertEqual(alias["AliasTarget"]["DNSName"], "my-lb.us-east-1.elb.amazonaws.com.")
        self.assertTrue(alias["AliasTarget"]["EvaluateTargetHealth"])

    def test_aws_cli(self):
        _, created, _ = self.server.cli("route53", "create-hosted-zone", "--name", "cli.example.com",
                                        "--caller-reference", "cli-1")
        zone = created["HostedZone"]["Id"]
        batch = json.dumps({"Changes": [weighted("CREATE", "blue", 10, "10.0.0.1",
                                                 "www.cli.example.com")]})
        _, changed, _ = self.server.cli("route53", "change-resource-record-sets",
                                        "--hosted-zone-id", zone, "--change-batch", batch)
        self.assertIn(changed["ChangeInfo"]["Status"], ("PENDING", "INSYNC"))
        _, listed, _ = self.server.cli("route53", "list-resource-record-sets",
                                       "--hosted-zone-id", zone)
        self.assertEqual(len(listed["ResourceRecordSets"]), 3)
        code, _, err = self.server.cli("route53", "get-hosted-zone", "--id", "ZNOPE", check=False)
        self.assertNotEqual(code, 0)
        self.assertIn("NoSuchHostedZone", err)


if __name__ == "__main__":
    unittest.main()
